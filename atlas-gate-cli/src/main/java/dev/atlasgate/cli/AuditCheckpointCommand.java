package dev.atlasgate.cli;

import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.bootstrap.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-gate audit checkpoint}: the latest signed checkpoint, for publication. */
@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description = {
      "Prints (or writes to --out) the latest signed checkpoint of the configured log, to publish"
          + " it beyond the gateway's reach. With ATLAS_CHECKPOINT_KEY set it first signs one of"
          + " the log as it is now."
    })
final class AuditCheckpointCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the note to this file.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Optional<SignedCheckpoint> latest;
    try (Wiring wiring = Wiring.open(AuditCommand.settings(config))) {
      latest =
          wiring.checkpointer().isPresent()
              ? wiring.checkpointer().get().checkpointNow()
              : wiring.checkpointStore().latest();
    }
    if (latest.isEmpty()) {
      spec.commandLine().getErr().println("atlas-gate audit checkpoint: no checkpoint yet");
      return AtlasGate.REFUSED;
    }
    if (out != null) {
      Files.writeString(out, latest.get().note());
    } else {
      spec.commandLine().getOut().print(latest.get().note());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
