package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A write staged in a temporary file beside its target: {@link #commit()} renames it into place
 * atomically, {@link #abort()} removes it and any directory it created. Closing aborts a write that
 * was not committed.
 */
public final class PreparedWrite implements AutoCloseable {
  private final WorkspacePath target;
  private final Path temp;
  private final long bytes;
  private final Optional<String> sha256Before;
  private final String sha256After;
  private final List<Path> createdDirs;
  private boolean finished;

  private PreparedWrite(
      WorkspacePath target,
      Path temp,
      long bytes,
      Optional<String> before,
      String after,
      List<Path> createdDirs) {
    this.target = target;
    this.temp = temp;
    this.bytes = bytes;
    this.sha256Before = before;
    this.sha256After = after;
    this.createdDirs = createdDirs;
  }

  static PreparedWrite stage(WorkspacePath target, byte[] content) {
    Path file = target.absolute();
    List<Path> created = new ArrayList<>();
    try {
      createParents(file.getParent(), created);
      Optional<String> before =
          Files.isRegularFile(file) ? Optional.of(hash(file)) : Optional.empty();
      Path temp = Files.createTempFile(file.getParent(), Workspace.TEMP_PREFIX, ".part");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      return new PreparedWrite(target, temp, content.length, before, Sha256.hex(content), created);
    } catch (IOException e) {
      removeDirs(created);
      throw new GateException(
          ErrorCode.INTERNAL_ERROR,
          "cannot stage the write of " + target.relative() + ": " + e.getMessage(),
          e);
    }
  }

  public String path() {
    return target.relative();
  }

  public long bytes() {
    return bytes;
  }

  public Optional<String> sha256Before() {
    return sha256Before;
  }

  public String sha256After() {
    return sha256After;
  }

  /** Renames the staged file onto its target and makes the rename durable. */
  public void commit() {
    if (finished) {
      throw new IllegalStateException("write of " + path() + " already finished");
    }
    finished = true;
    try {
      Files.move(
          temp,
          target.absolute(),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(target.absolute().getParent());
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new GateException(
          ErrorCode.INTERNAL_ERROR, "cannot write " + path() + ": " + e.getMessage(), e);
    }
  }

  /** Drops the staged file; does nothing once committed or aborted. */
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    deleteQuietly(temp);
    removeDirs(createdDirs);
  }

  @Override
  public void close() {
    abort();
  }

  private static void createParents(Path dir, List<Path> created) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createParents(dir.getParent(), created);
    try {
      Files.createDirectory(dir);
      created.add(dir);
    } catch (FileAlreadyExistsException raced) {
      // Another write (of this process or another instance) made it first: fine if it is a real
      // directory, and not ours to remove.
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw raced;
      }
    }
  }

  private static void removeDirs(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      deleteQuietly(created.get(i));
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temp file is hidden from listings and harmless; the call's outcome stands.
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static String hash(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.hex(in);
    }
  }
}
