package dev.atlasgate.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lowercase hex, the form every hash of the product is written in. */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_BUFFER = 64 * 1024;

  /** Cloned for each digest: a clone costs a fraction of a provider lookup. */
  private static final MessageDigest PROTOTYPE = newDigest();

  private Sha256() {}

  public static String hex(byte[] data) {
    return HEX.formatHex(digest().digest(data));
  }

  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The lowercase hex SHA-256 of everything {@code in} yields, read through a buffer the size of
   * what is expected ({@code expectedBytes}, e.g. the file's size) up to 64 KiB: a small file costs
   * a small buffer.
   */
  public static String hex(ReadableByteChannel in, long expectedBytes) throws IOException {
    MessageDigest digest = digest();
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.clamp(expectedBytes + 1, 1, MAX_BUFFER));
    while (in.read(buffer) >= 0) {
      buffer.flip();
      digest.update(buffer);
      buffer.clear();
    }
    return hex(digest);
  }

  /** A fresh digest. */
  public static MessageDigest digest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newDigest();
    }
  }

  /** Every JDK has SHA-256. */
  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The lowercase hex of a finished digest. */
  public static String hex(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }

  /** True when {@code value} is 64 lowercase hex digits. */
  public static boolean isHex(String value) {
    if (value.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
