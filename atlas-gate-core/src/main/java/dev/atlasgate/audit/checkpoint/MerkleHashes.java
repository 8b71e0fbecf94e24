package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The hashes of an RFC 9162 §2.1 Merkle tree over SHA-256: leaves, interior nodes, the empty root.
 */
public final class MerkleHashes {
  /** Bytes of every hash of the tree. */
  public static final int SIZE = 32;

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] EMPTY_ROOT = Sha256.digest().digest();

  private MerkleHashes() {}

  /** The root of the tree of no leaves: SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** SHA-256(0x00 ‖ {@code data}). */
  public static byte[] leaf(byte[] data) {
    MessageDigest digest = Sha256.digest();
    digest.update((byte) 0x00);
    return digest.digest(data);
  }

  /** SHA-256(0x01 ‖ {@code left} ‖ {@code right}). */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest digest = Sha256.digest();
    digest.update((byte) 0x01);
    digest.update(left);
    return digest.digest(right);
  }

  /** The leaf hash of a stored audit entry: over its canonical form, {@code hash} included. */
  public static byte[] entry(JsonObject entry) {
    requireNonNull(entry, "entry is null");
    return leaf(entry.canonical().getBytes(StandardCharsets.UTF_8));
  }

  /** The largest power of two smaller than {@code n} (n ≥ 2): where RFC 9162 splits a tree. */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  public static String hex(byte[] hash) {
    return HEX.formatHex(hash);
  }

  /** Reads a 64-digit hex hash; throws {@link IllegalArgumentException} otherwise. */
  public static byte[] fromHex(String hex) {
    if (hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException("a hash has 64 hex digits, not " + hex.length());
    }
    return HEX.parseHex(hex);
  }
}
