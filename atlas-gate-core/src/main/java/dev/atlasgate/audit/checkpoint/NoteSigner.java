package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The private half of a note key, which signs checkpoints. Its {@code toString()} never shows the
 * key; {@link #encodedPrivateKey()} is for writing the key file only.
 *
 * <p>The private key file holds {@code PRIVATE+KEY+NAME+KEYHASH+base64(0x01 ‖ Ed25519 seed)}, the
 * form of Go's {@code golang.org/x/mod/sumdb/note}, so that its tools can use the same key.
 */
public final class NoteSigner {
  private static final String PREFIX = "PRIVATE+KEY+";

  private final byte[] seed;
  private final PrivateKey key;
  private final NoteVerifier verifier;

  private NoteSigner(String name, byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    this.seed = seed.clone();
    this.key = privateKey(seed);
    this.verifier = new NoteVerifier(name, publicOf(seed));
  }

  /** A new random key named {@code name}. */
  public static NoteSigner generate(String name) {
    NoteKeys.checkName(requireNonNull(name, "name is null"));
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new NoteSigner(name, seed);
  }

  /** Reads a private key file's content; the message never repeats the key. */
  public static NoteSigner parse(String encoded) {
    requireNonNull(encoded, "encoded is null");
    String text = encoded.strip();
    String[] parts =
        text.startsWith(PREFIX) ? text.substring(PREFIX.length()).split("\\+", 3) : null;
    if (parts == null || parts.length != 3) {
      throw new IllegalArgumentException("a private note key is PRIVATE+KEY+NAME+KEYHASH+KEY");
    }
    NoteSigner signer =
        new NoteSigner(parts[0], NoteKeys.decodeKey(parts[2], "a private note key"));
    if (!NoteKeys.hex(signer.verifier.keyHash()).equals(parts[1])) {
      throw new IllegalArgumentException("a private note key's KEYHASH does not match its key");
    }
    return signer;
  }

  public String name() {
    return verifier.name();
  }

  public NoteVerifier verifier() {
    return verifier;
  }

  /** The content of the private key file. Never log it. */
  public String encodedPrivateKey() {
    return PREFIX
        + name()
        + "+"
        + NoteKeys.hex(verifier.keyHash())
        + "+"
        + NoteKeys.encodeKey(seed);
  }

  /** {@code text} (ending in a newline) as a signed note with this key's one signature. */
  public String sign(String text) {
    SignedNote.checkText(text);
    byte[] signature;
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(key);
      ed.update(text.getBytes(StandardCharsets.UTF_8));
      signature = ed.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
    byte[] blob =
        ByteBuffer.allocate(4 + signature.length).putInt(verifier.keyHash()).put(signature).array();
    return text
        + "\n"
        + SignedNote.DASH
        + " "
        + name()
        + " "
        + Base64.getEncoder().encodeToString(blob)
        + "\n";
  }

  private static PrivateKey privateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  /** The JDK derives a public key only while generating a pair: feed it the seed as randomness. */
  private static byte[] publicOf(byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      if (!Arrays.equals(derived, seed)) {
        throw new IllegalStateException("the JDK did not derive the key from the given seed");
      }
      return NoteKeys.raw(pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  @Override
  public String toString() {
    return "NoteSigner[" + verifier.encoded() + ", private key redacted]";
  }

  /** Randomness that yields one given seed, so that the JDK derives its public key. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
