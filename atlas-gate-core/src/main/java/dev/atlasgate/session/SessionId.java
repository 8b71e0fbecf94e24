package dev.atlasgate.session;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** The identifier of a governance session: 256 random bits, URL-safe. */
public record SessionId(String value) {
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public SessionId {
    requireNonNull(value, "value is null");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "session id must be 16 to 128 characters of [A-Za-z0-9_-]");
    }
  }

  /** A new identifier from a cryptographically secure source. */
  public static SessionId random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Whether {@code value} has the form of a session id. */
  public static boolean isValid(String value) {
    return FORMAT.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
