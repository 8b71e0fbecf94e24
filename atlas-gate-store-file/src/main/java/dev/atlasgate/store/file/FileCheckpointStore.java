package dev.atlasgate.store.file;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest signed checkpoint in a file beside the audit file ({@code audit.jsonl.checkpoint}),
 * replaced atomically, so a reader sees the old note or the new one, never a part.
 */
public final class FileCheckpointStore implements CheckpointStore {
  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();

  private FileCheckpointStore(Path file) {
    this.file = file;
  }

  /** The store beside {@code auditFile}. */
  public static FileCheckpointStore beside(Path auditFile) {
    requireNonNull(auditFile, "auditFile is null");
    return new FileCheckpointStore(
        auditFile.resolveSibling(auditFile.getFileName() + ".checkpoint"));
  }

  public Path file() {
    return file;
  }

  @Override
  public void save(SignedCheckpoint checkpoint) {
    lock.lock();
    try {
      Optional<SignedCheckpoint> current = latest();
      if (current.isPresent()
          && current.get().checkpoint().size() > checkpoint.checkpoint().size()) {
        return;
      }
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, checkpoint.note());
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.AUDIT_UNAVAILABLE, "the checkpoint file cannot be written: " + e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<SignedCheckpoint> latest() {
    try {
      return Optional.of(SignedCheckpoint.read(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw new GateException(
          ErrorCode.AUDIT_UNAVAILABLE, "the checkpoint file cannot be read: " + e.getMessage());
    }
  }
}
