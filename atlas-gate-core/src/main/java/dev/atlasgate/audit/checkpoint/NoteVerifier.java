package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The public half of a note key: the C2SP verifier key {@code NAME+KEYHASH+base64(0x01 ‖ Ed25519
 * public key)}.
 */
public final class NoteVerifier {
  private final String name;
  private final int keyHash;
  private final byte[] raw;
  private final PublicKey key;

  NoteVerifier(String name, byte[] raw) {
    this.name = NoteKeys.checkName(name);
    this.raw = raw.clone();
    this.key = NoteKeys.publicKey(raw);
    this.keyHash = NoteKeys.keyHash(name, raw);
  }

  /** Reads a verifier key; throws {@link IllegalArgumentException} saying what is wrong. */
  public static NoteVerifier parse(String encoded) {
    requireNonNull(encoded, "encoded is null");
    String[] parts = encoded.strip().split("\\+", 3);
    if (parts.length != 3 || parts[1].length() != 8) {
      throw new IllegalArgumentException("a verifier key is NAME+KEYHASH+KEY");
    }
    NoteVerifier verifier =
        new NoteVerifier(parts[0], NoteKeys.decodeKey(parts[2], "a verifier key"));
    if (!NoteKeys.hex(verifier.keyHash).equals(parts[1])) {
      throw new IllegalArgumentException(
          "a verifier key's KEYHASH does not match its name and key");
    }
    return verifier;
  }

  public String name() {
    return name;
  }

  public int keyHash() {
    return keyHash;
  }

  /** {@code NAME+KEYHASH+base64(0x01 ‖ public key)}. */
  public String encoded() {
    return name + "+" + NoteKeys.hex(keyHash) + "+" + NoteKeys.encodeKey(raw);
  }

  boolean verify(String text, byte[] signature) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(text.getBytes(StandardCharsets.UTF_8));
      return ed.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return encoded();
  }
}
