package dev.atlasgate.store.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.testing.WriteRecoveryContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** Governed writes against crashes on the audit log kept as S3 segment objects. */
class S3WriteRecoveryTest extends WriteRecoveryContract {
  @RegisterExtension static final S3MockExtension MOCK = S3Mock.extension();

  // Made after the extension has started the server (a test instance comes after beforeAll).
  private final S3Client client = S3Mock.client(MOCK);
  private S3Location location;

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Override
  protected AuditLog newLog() {
    location = new S3Location(S3Mock.BUCKET, "recovery/" + UUID.randomUUID());
    return reopen();
  }

  @Override
  protected AuditLog reopen() {
    return S3AuditLog.open(client, location, new S3AuditLog.Options(50, Duration.ofMillis(5)));
  }
}
