package dev.atlasgate.store.s3;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Signed checkpoints as S3 objects {@code PREFIX/checkpoints/<size, 20 digits>.note}, create-only,
 * and with a retention period under S3 Object Lock in compliance mode when one is given: then not
 * even the bucket's owner can delete or overwrite a checkpoint until the period ends, which anchors
 * the log's history outside the gateway's reach. The bucket must have Object Lock enabled.
 */
public final class S3CheckpointStore implements CheckpointStore {
  static final String CHECKPOINTS = "checkpoints/";

  private final S3Client s3;
  private final S3Location location;
  private final Duration retention;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private Optional<String> lastKey = Optional.empty();

  private S3CheckpointStore(S3Client s3, S3Location location, Duration retention, Clock clock) {
    this.s3 = s3;
    this.location = location;
    this.retention = retention;
    this.clock = clock;
  }

  /** Checkpoints under {@code location}; {@code retention} zero writes them without Object Lock. */
  public static S3CheckpointStore open(
      S3Client s3, S3Location location, Duration retention, Clock clock) {
    requireNonNull(s3, "s3 is null");
    requireNonNull(location, "location is null");
    requireNonNull(retention, "retention is null");
    requireNonNull(clock, "clock is null");
    return new S3CheckpointStore(s3, location, retention, clock);
  }

  static String name(long size) {
    return CHECKPOINTS + String.format("%020d", size) + ".note";
  }

  @Override
  public void save(SignedCheckpoint checkpoint) {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(location.bucket())
            .key(location.key(name(checkpoint.checkpoint().size())))
            .contentType("text/plain; charset=utf-8")
            .ifNoneMatch("*");
    if (!retention.isZero()) {
      put.objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(clock.instant().plus(retention));
    }
    try {
      s3.putObject(put.build(), RequestBody.fromString(checkpoint.note(), StandardCharsets.UTF_8));
    } catch (S3Exception e) {
      if (e.statusCode() != 412 && e.statusCode() != 409) {
        throw unavailable("cannot write checkpoint " + checkpoint.checkpoint().size(), e);
      }
      // another instance stored this size first: Ed25519 is deterministic, so the same note
    } catch (SdkException | UncheckedIOException e) {
      throw unavailable("cannot write checkpoint " + checkpoint.checkpoint().size(), e);
    }
  }

  @Override
  public Optional<SignedCheckpoint> latest() {
    lock.lock();
    try {
      var pages =
          s3.listObjectsV2Paginator(
              b -> {
                b.bucket(location.bucket()).prefix(location.key(CHECKPOINTS));
                lastKey.ifPresent(b::startAfter);
              });
      pages.contents().stream().map(S3Object::key).forEach(k -> lastKey = Optional.of(k));
      if (lastKey.isEmpty()) {
        return Optional.empty();
      }
      String key = lastKey.get();
      String note =
          s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key))
              .asString(StandardCharsets.UTF_8);
      return Optional.of(SignedCheckpoint.read(note));
    } catch (SdkException | UncheckedIOException e) {
      throw unavailable("cannot read the latest checkpoint at " + location, e);
    } finally {
      lock.unlock();
    }
  }

  private GateException unavailable(String what, Exception cause) {
    return new GateException(
        ErrorCode.AUDIT_UNAVAILABLE, what + " (" + location + "): " + cause.getMessage(), cause);
  }
}
