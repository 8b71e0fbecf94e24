package dev.atlasgate.store.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.testing.AuditLogContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** The audit log contract on S3 segment objects. */
class S3AuditLogContractTest extends AuditLogContract {
  @RegisterExtension static final S3MockExtension MOCK = S3Mock.extension();

  private static S3Client client;
  private S3Location location;

  private static S3Client client() {
    if (client == null) {
      client = S3Mock.client(MOCK);
    }
    return client;
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  protected AuditLog newLog() {
    location = new S3Location(S3Mock.BUCKET, "contract/" + UUID.randomUUID());
    return reopen();
  }

  @Override
  protected AuditLog reopen() {
    return S3AuditLog.open(
        client(), location, new S3AuditLog.Options(50, java.time.Duration.ofMillis(5)));
  }
}
