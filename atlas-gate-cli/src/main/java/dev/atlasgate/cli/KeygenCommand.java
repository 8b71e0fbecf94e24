package dev.atlasgate.cli;

import dev.atlasgate.audit.checkpoint.NoteSigner;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-gate keygen}: the Ed25519 key pair that signs audit checkpoints. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the key pair that signs audit checkpoints: checkpoint.key (private, mode 0600;"
          + " point ATLAS_CHECKPOINT_KEY at it) and checkpoint.pub (the C2SP verifier key to"
          + " publish). Existing files are never overwritten."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--name",
      defaultValue = "atlas-gate",
      paramLabel = "NAME",
      description = "The key's name, as signatures show it (no spaces or '+'; default atlas-gate).")
  String name;

  @Option(
      names = "--out",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "Where to write the two files (default: the current directory).")
  Path out;

  @Override
  public Integer call() throws IOException {
    NoteSigner signer;
    try {
      signer = NoteSigner.generate(name);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("atlas-gate keygen: --name: " + e.getMessage());
      return AtlasGate.USAGE;
    }
    Path key = out.resolve("checkpoint.key");
    Path pub = out.resolve("checkpoint.pub");
    if (Files.exists(key) || Files.exists(pub)) {
      spec.commandLine()
          .getErr()
          .println(
              "atlas-gate keygen: " + out + " already holds a checkpoint key; not overwritten");
      return AtlasGate.USAGE;
    }
    Files.createDirectories(out);
    writePrivate(key, signer.encodedPrivateKey() + "\n");
    Files.writeString(pub, signer.verifier().encoded() + "\n");
    spec.commandLine().getOut().printf("private key: %s (keep it secret)%n", key);
    spec.commandLine().getOut().printf("public key:  %s%n", pub);
    spec.commandLine().getOut().println(signer.verifier().encoded());
    return 0;
  }

  /** Created with mode 0600 from the start, so the key is never readable by others. */
  private static void writePrivate(Path key, String content) throws IOException {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            key,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(key);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("checkpoint.key appeared meanwhile; not overwritten", e);
    }
    Files.writeString(key, content);
  }
}
