package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/**
 * A C2SP tlog-checkpoint: the origin line, the tree size and the base64 root hash, each followed by
 * a newline.
 */
// The root hash is kept as given; equals and hashCode below compare it by content.
@SuppressWarnings("ArrayRecordComponent")
public record Checkpoint(String origin, long size, byte[] rootHash) {
  public Checkpoint {
    requireNonNull(origin, "origin is null");
    requireNonNull(rootHash, "rootHash is null");
    if (origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a checkpoint size is not negative: " + size);
    }
    if (rootHash.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a root hash has 32 bytes, not " + rootHash.length);
    }
    rootHash = rootHash.clone();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The checkpoint's text, the body of its signed note. */
  public String text() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
  }

  /** Reads a checkpoint's text; extension lines after the root are allowed and ignored. */
  public static Checkpoint parse(String text) {
    requireNonNull(text, "text is null");
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a checkpoint ends with a newline");
    }
    String[] lines = text.split("\n", -1);
    if (lines.length < 4) {
      throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash");
    }
    long size;
    byte[] root;
    try {
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a checkpoint's second line is a decimal size and its third a base64 root hash");
    }
    if (!lines[1].equals(Long.toString(size))) {
      throw new IllegalArgumentException("a checkpoint size has no sign or leading zero");
    }
    return new Checkpoint(lines[0], size, root);
  }

  public String rootHex() {
    return MerkleHashes.hex(rootHash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && c.origin.equals(origin)
        && c.size == size
        && java.util.Arrays.equals(c.rootHash, rootHash);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size " + size + ", root " + rootHex() + "]";
  }
}
