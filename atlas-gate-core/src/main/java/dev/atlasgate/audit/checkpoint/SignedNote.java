package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opens C2SP signed notes: the text, a blank line, then signature lines {@code — NAME
 * base64(keyhash ‖ signature)}.
 */
public final class SignedNote {
  static final String DASH = "\u2014";
  private static final int MAX_BYTES = 1 << 20;

  private SignedNote() {}

  /** What opening a note found. */
  public sealed interface Opened {
    /** The note carries a valid signature of the expected key; {@code text} is what it signed. */
    record Verified(String text) implements Opened {
      public Verified {
        requireNonNull(text, "text is null");
      }
    }

    /**
     * The note is not to be trusted.
     *
     * @param reason {@code MALFORMED}, {@code UNKNOWN_KEY} (no signature of the expected key) or
     *     {@code BAD_SIGNATURE}
     */
    record Rejected(String reason, String detail) implements Opened {
      public Rejected {
        requireNonNull(reason, "reason is null");
        requireNonNull(detail, "detail is null");
      }
    }
  }

  /**
   * Verifies {@code note} against {@code verifier}; the text is returned only when it is signed.
   */
  public static Opened open(String note, NoteVerifier verifier) {
    requireNonNull(note, "note is null");
    requireNonNull(verifier, "verifier is null");
    int split = note.lastIndexOf("\n\n");
    if (note.length() > MAX_BYTES || split < 0 || !note.endsWith("\n")) {
      return malformed(
          "a signed note is text, a blank line and signature lines, ending in newline");
    }
    String text = note.substring(0, split + 1);
    boolean sawName = false;
    for (String line : note.substring(split + 2).split("\n")) {
      String[] fields = line.split(" ", -1);
      if (fields.length != 3 || !fields[0].equals(DASH)) {
        return malformed("a signature line is \"" + DASH + " NAME SIGNATURE\"");
      }
      byte[] blob;
      try {
        blob = Base64.getDecoder().decode(fields[2]);
      } catch (IllegalArgumentException e) {
        return malformed("a signature is base64");
      }
      if (blob.length < 5) {
        return malformed("a signature holds a key hash and a signature");
      }
      if (!fields[1].equals(verifier.name())
          || ByteBuffer.wrap(blob).getInt() != verifier.keyHash()) {
        sawName |= fields[1].equals(verifier.name());
        continue;
      }
      if (verifier.verify(text, Arrays.copyOfRange(blob, 4, blob.length))) {
        return new Opened.Verified(text);
      }
      return new Opened.Rejected(
          "BAD_SIGNATURE", "the signature of " + verifier.name() + " does not verify");
    }
    return new Opened.Rejected(
        "UNKNOWN_KEY",
        sawName
            ? "the note is signed by another key named " + verifier.name() + " (another key hash)"
            : "the note carries no signature of " + verifier.name());
  }

  static void checkText(String text) {
    requireNonNull(text, "text is null");
    if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
      throw new IllegalArgumentException(
          "a note's text is non-empty, ends in a newline and has no blank line");
    }
  }

  private static Opened malformed(String detail) {
    return new Opened.Rejected("MALFORMED", detail);
  }
}
