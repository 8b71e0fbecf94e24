package dev.atlasgate.audit.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** What signers and verifiers of C2SP signed notes share: names, key hashes, Ed25519 encodings. */
final class NoteKeys {
  static final byte ED25519 = 0x01;

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 raw key bytes. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private NoteKeys() {}

  /** A key name is non-empty and holds no white space and no '+'. */
  static String checkName(String name) {
    if (name.isEmpty() || name.contains("+") || name.codePoints().anyMatch(NoteKeys::isSpace)) {
      throw new IllegalArgumentException(
          "a key name is non-empty, without spaces, newlines or '+': \"" + name + "\"");
    }
    return name;
  }

  private static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** The first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian. */
  static int keyHash(String name, byte[] publicKey) {
    MessageDigest digest = dev.atlasgate.json.Sha256.digest();
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0x0A);
    digest.update(ED25519);
    return ByteBuffer.wrap(digest.digest(publicKey)).getInt();
  }

  static String hex(int keyHash) {
    return HexFormat.of().toHexDigits(keyHash);
  }

  /** base64(0x01 ‖ {@code key}): the KEY field of both key forms. */
  static String encodeKey(byte[] key) {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(key, 0, typed, 1, 32);
    return java.util.Base64.getEncoder().encodeToString(typed);
  }

  /** The 32 key bytes of a KEY field; {@code what} names the key form in the message. */
  static byte[] decodeKey(String field, String what) {
    byte[] key;
    try {
      key = java.util.Base64.getDecoder().decode(field);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + "'s KEY is base64");
    }
    if (key.length != 33 || key[0] != ED25519) {
      throw new IllegalArgumentException(what + "'s KEY is 0x01 and 32 Ed25519 bytes");
    }
    return java.util.Arrays.copyOfRange(key, 1, 33);
  }

  static PublicKey publicKey(byte[] raw) {
    byte[] der = new byte[SPKI_PREFIX.length + raw.length];
    System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
  }

  /** The 32 raw bytes of an Ed25519 public key (the tail of its X.509 form). */
  static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
  }
}
