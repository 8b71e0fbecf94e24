package dev.atlasgate.store.s3;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A place in an S3 bucket: {@code s3://bucket/prefix}. The prefix is empty or ends with {@code /}.
 */
public record S3Location(String bucket, String prefix) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "\"" + bucket + "\" is not an S3 bucket name (3 to 63 of a-z, 0-9, '.', '-')");
    }
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("an S3 prefix does not start with '/': " + prefix);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }

  /** Parses {@code s3://bucket[/prefix]}. */
  public static S3Location parse(String uri) {
    requireNonNull(uri, "uri is null");
    if (!uri.startsWith("s3://")) {
      throw new IllegalArgumentException("expected s3://bucket/prefix, not \"" + uri + "\"");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0
        ? new S3Location(rest, "")
        : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The key of {@code name} under the prefix. */
  public String key(String name) {
    return prefix + name;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
