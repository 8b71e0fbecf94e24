package dev.atlasgate.store.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stores an export (of any audit log) as one S3 object, for backups and compliance: the export is
 * written to a temporary file first, so that the log never has to fit in memory, then uploaded.
 */
public final class S3Export {
  /** Writes an export's text. */
  @FunctionalInterface
  public interface Body {
    void writeTo(Writer out) throws IOException;
  }

  private S3Export() {}

  /**
   * Stores what {@code body} writes at {@code target}/{@code name}, created only if no object has
   * that name yet; answers the object's {@code s3://} address.
   *
   * @throws IOException when the export cannot be written or stored
   */
  public static String store(
      S3Client s3, S3Location target, String name, String contentType, Body body)
      throws IOException {
    Path temp = Files.createTempFile("atlas-gate-export-", ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(temp);
          Writer out = new OutputStreamWriter(file, StandardCharsets.UTF_8)) {
        body.writeTo(out);
      }
      String key = target.key(name);
      s3.putObject(
          b -> b.bucket(target.bucket()).key(key).contentType(contentType).ifNoneMatch("*"),
          RequestBody.fromFile(temp));
      return "s3://" + target.bucket() + "/" + key;
    } catch (SdkException | UncheckedIOException e) {
      throw new IOException("cannot store the export in " + target + ": " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
