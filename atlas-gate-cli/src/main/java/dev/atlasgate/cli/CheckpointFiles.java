package dev.atlasgate.cli;

import dev.atlasgate.audit.checkpoint.NoteVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Reading the verifier key a command is given, either inline or as the file that holds it. */
final class CheckpointFiles {
  private CheckpointFiles() {}

  /** {@code value} is a verifier key, or the path of a file holding one (checkpoint.pub). */
  static NoteVerifier verifier(String value) {
    String text = value;
    try {
      Path file = Path.of(value);
      if (Files.isRegularFile(file)) {
        text = Files.readString(file);
      }
    } catch (InvalidPathException e) {
      // not a path: the key itself
    } catch (IOException e) {
      throw new UncheckedIOException("--key " + value + " cannot be read", e);
    }
    try {
      return NoteVerifier.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--key is not a verifier key: " + e.getMessage(), e);
    }
  }
}
