package dev.atlasgate.cli;

import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.checkpoint.ExportVerifier;
import dev.atlasgate.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code audit verify --checkpoint FILE --key PUBKEY}: a log checked against signed checkpoints.
 */
final class CheckpointVerify {
  private CheckpointVerify() {}

  static int run(
      CommandLine cli, Stream<StoredEntry> entries, List<Path> files, String key, boolean json) {
    if (key == null) {
      cli.getErr().println("atlas-gate audit verify: --checkpoint needs --key PUBKEY");
      return AtlasGate.USAGE;
    }
    List<String> notes = new ArrayList<>();
    for (Path file : files) {
      try {
        notes.add(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("checkpoint " + file + " cannot be read", e);
      }
    }
    List<String> names = files.stream().map(Path::toString).toList();
    ExportVerifier.Outcome outcome =
        ExportVerifier.verify(entries, notes, names, CheckpointFiles.verifier(key));
    PrintWriter out = cli.getOut();
    if (json) {
      JsonObject.Builder result =
          JsonObject.builder()
              .put("valid", outcome.valid())
              .put("entries_checked", outcome.entries())
              .put("checkpoint_size", outcome.checkpointSize());
      outcome.reason().ifPresent(r -> result.put("reason", r));
      out.println(result.put("detail", outcome.detail()).build().write());
    } else if (outcome.valid()) {
      out.println("valid: " + outcome.detail());
    } else {
      out.println("INVALID: " + outcome.reason().orElse("?") + ": " + outcome.detail());
    }
    return outcome.valid() ? 0 : 1;
  }
}
