package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identity of a staged write: it names the staging file ({@link Workspace#stagingName}), so
 * that a start after a crash can match each staging file with the audit entry that recorded it.
 *
 * @param value 16 to 64 characters of {@code [a-z0-9]}
 */
public record StagingId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9]{16,64}");

  public StagingId {
    requireNonNull(value, "value is null");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "staging id \"" + value + "\" is not 16 to 64 characters of [a-z0-9]");
    }
  }

  /** A new random id of 32 hex digits. */
  public static StagingId random() {
    return new StagingId(UUID.randomUUID().toString().replace("-", ""));
  }

  @Override
  public String toString() {
    return value;
  }
}
