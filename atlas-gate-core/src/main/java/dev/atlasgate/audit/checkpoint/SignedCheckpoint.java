package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

/** A checkpoint and the signed note that carries it. */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {
  public SignedCheckpoint {
    requireNonNull(checkpoint, "checkpoint is null");
    requireNonNull(note, "note is null");
    if (!note.startsWith(checkpoint.text())) {
      throw new IllegalArgumentException("the note does not carry the checkpoint");
    }
  }

  /** Reads a stored note without verifying it: for notes this gateway wrote itself. */
  public static SignedCheckpoint read(String note) {
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("a signed note has a blank line before its signatures");
    }
    return new SignedCheckpoint(Checkpoint.parse(note.substring(0, split + 1)), note);
  }

  /** Opens {@code note} with {@code verifier}: the checkpoint, only when its signature verifies. */
  public static SignedNote.Opened open(String note, NoteVerifier verifier) {
    return SignedNote.open(note, verifier);
  }
}
