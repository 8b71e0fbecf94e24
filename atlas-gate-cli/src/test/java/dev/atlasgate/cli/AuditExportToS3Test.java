package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.s3.S3Clients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code atlas-gate audit export --to s3://…}: a backup of the configured log in S3. */
class AuditExportToS3Test {
  @RegisterExtension
  static final S3MockExtension S3 =
      S3MockExtension.builder()
          .silent()
          .withSecureConnection(false)
          .withInitialBuckets("backups")
          .build();

  @TempDir Path temp;

  @Test
  void export_storesOneObject_thatHoldsEveryEntry() {
    Path home = temp.resolve("home");
    try (FileAuditLog log = FileAuditLog.open(home.resolve("audit.jsonl"))) {
      for (int i = 1; i <= 5; i++) {
        log.append(
            new AuditEvent(
                Instant.parse("2026-07-07T07:07:07Z"),
                "cli",
                Optional.of("s1"),
                Optional.of("alice"),
                Optional.of("WINDSURF"),
                "read_file",
                Optional.of("/w"),
                Optional.empty(),
                Optional.empty(),
                JsonObject.builder().put("path", "f" + i).build(),
                true,
                Optional.empty(),
                1));
      }
    }
    String endpoint = "http://127.0.0.1:" + S3.getHttpPort();
    String previousKey = System.setProperty("aws.accessKeyId", "test");
    String previousSecret = System.setProperty("aws.secretAccessKey", "test");
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          AtlasGate.run(
              new String[] {
                "audit",
                "export",
                "--atlas-home",
                home.toString(),
                "--aws-endpoint-url",
                endpoint,
                "--to",
                "s3://backups/nightly"
              },
              new PrintWriter(out, true),
              new PrintWriter(err, true));
      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString()).startsWith("exported to s3://backups/nightly/atlas-gate-audit-");

      try (S3Client s3 =
          S3Clients.create(
              "us-east-1",
              Optional.of(URI.create(endpoint)),
              StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
        List<S3Object> objects =
            s3.listObjectsV2(b -> b.bucket("backups").prefix("nightly/")).contents();
        assertThat(objects).hasSize(1);
        String body =
            s3.getObjectAsBytes(b -> b.bucket("backups").key(objects.getFirst().key()))
                .asUtf8String();
        assertThat(body.lines()).hasSize(5);
        assertThat(body).contains("\"seq\":1").contains("\"seq\":5");
      }

      int refused =
          AtlasGate.run(
              new String[] {"audit", "export", "--atlas-home", home.toString(), "--to", "ftp://x"},
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));
      assertThat(refused).isEqualTo(2);
      assertThat(err.toString()).contains("s3://bucket/prefix");
    } finally {
      restore("aws.accessKeyId", previousKey);
      restore("aws.secretAccessKey", previousSecret);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
