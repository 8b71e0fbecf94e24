package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.workspace.Confinement.Missing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A write staged in a staging file beside its target, in the target's directory held open: {@link
 * #commit()} renames it into place atomically within that directory, {@link #abort()} removes it
 * and any directory made for it. Closing aborts a write that was not committed.
 */
public final class PreparedWrite implements AutoCloseable {
  private static final Set<OpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final Confinement confinement;
  private final String path;
  private final Located target;
  private final StagingId stagingId;
  private final String staging;
  private final long bytes;
  private final String sha256After;
  private final List<String> createdDirs;
  private boolean renamed;
  private boolean finished;

  private PreparedWrite(
      Confinement confinement,
      String path,
      Located target,
      StagingId stagingId,
      byte[] content,
      List<String> createdDirs) {
    this.confinement = confinement;
    this.path = path;
    this.target = target;
    this.stagingId = stagingId;
    this.staging = StagingName.of(stagingId, target.name());
    this.bytes = content.length;
    this.sha256After = Sha256.hex(content);
    this.createdDirs = createdDirs;
  }

  static PreparedWrite stage(Confinement confinement, String path, byte[] content, StagingId id) {
    List<String> created = new ArrayList<>();
    Located target = confinement.locate(path, Missing.CREATE, created);
    try {
      replaceable(confinement, target, path, id);
      PreparedWrite write = new PreparedWrite(confinement, path, target, id, content, created);
      write.writeStaging(content);
      return write;
    } catch (RuntimeException e) {
      target.close();
      removeDirs(confinement, created);
      throw e;
    }
  }

  /**
   * Checks that the target may be replaced (or created). What it holds is read once, by {@link
   * #currentSha256()} under the path's lock, just before the write's entry is appended.
   */
  private static void replaceable(
      Confinement confinement, Located target, String path, StagingId id) {
    Optional<PosixFileAttributes> now = target.attributes();
    if (now.isPresent() && now.get().isDirectory()) {
      throw new GateException(ErrorCode.INVALID_ARGUMENT, "path " + path + " is a directory");
    }
    if (now.isPresent() && !now.get().isRegularFile()) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT, "path " + path + " is not a regular file");
    }
    if (now.isPresent()) {
      confinement.requireOwnFile(target, now.get());
    }
    if (!StagingName.fits(id, target.name())) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT,
          "the file name of "
              + path
              + " is too long to be staged beside it (at most "
              + (StagingName.MAX_NAME_BYTES - StagingName.of(id, "").length())
              + " bytes)");
    }
  }

  /** Writes and syncs the staging file; on any failure removes it (a full disk keeps nothing). */
  private void writeStaging(byte[] content) {
    SeekableByteChannel created;
    try {
      created = target.dir().stream().newByteChannel(Path.of(staging), CREATE);
    } catch (IOException e) {
      // Nothing made (a file of that name is not ours to remove).
      throw new GateException(ErrorCode.INTERNAL_ERROR, "cannot stage the write of " + path, e);
    }
    try (SeekableByteChannel channel = created) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (channel instanceof FileChannel file) {
        file.force(true);
      }
    } catch (IOException e) {
      target.dir().deleteFileQuietly(staging);
      throw new GateException(ErrorCode.INTERNAL_ERROR, "cannot stage the write of " + path, e);
    }
  }

  public String path() {
    return path;
  }

  /** Where the write lands once every symlink is followed, workspace-relative. */
  public String realPath() {
    return target.path();
  }

  public long bytes() {
    return bytes;
  }

  public String sha256After() {
    return sha256After;
  }

  public StagingId stagingId() {
    return stagingId;
  }

  /**
   * The hash of what the target holds right now (empty when it is not a regular file): called just
   * before {@link #commit()}, under the caller's lock on the path, it is the content the write
   * replaces.
   */
  public Optional<String> currentSha256() {
    return hash(target.dir(), target.name());
  }

  /**
   * Renames the staged file onto its target, keeping the target's mode, durably. When the rename
   * fails the write stays staged: {@code commit()} may be called again, and {@link #abort()} (or
   * closing) removes it.
   */
  public void commit() {
    if (finished) {
      throw new IllegalStateException("write of " + path + " already finished");
    }
    try {
      if (!renamed) {
        keepMode(target.dir(), staging, target.name());
        target.dir().stream().move(Path.of(staging), target.dir().stream(), Path.of(target.name()));
        renamed = true;
      }
      sync(target.dir());
    } catch (IOException e) {
      throw new GateException(ErrorCode.INTERNAL_ERROR, "cannot write " + path, e);
    }
    finished = true;
    target.close();
  }

  /** Drops the staged file; does nothing once committed or aborted. */
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    if (!renamed) {
      target.dir().deleteFileQuietly(staging);
      target.close();
      removeDirs(confinement, createdDirs);
    } else {
      target.close();
    }
  }

  @Override
  public void close() {
    abort();
  }

  /**
   * Gives staging file {@code staging} the mode of the file {@code name} it replaces (a new file
   * keeps the mode it was created with: 0666 less the umask), renames it onto {@code name} within
   * {@code dir} ({@code renameat}) and syncs the directory.
   */
  static void renameIntoPlace(Dir dir, String staging, String name) throws IOException {
    keepMode(dir, staging, name);
    dir.stream().move(Path.of(staging), dir.stream(), Path.of(name));
    sync(dir);
  }

  /** Gives the staging file the mode of the regular file it replaces, if there is one. */
  private static void keepMode(Dir dir, String staging, String name) throws IOException {
    Optional<PosixFileAttributes> replaced = dir.stat(name);
    if (replaced.isPresent() && replaced.get().isRegularFile()) {
      dir.stream()
          .getFileAttributeView(
              Path.of(staging), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(replaced.get().permissions());
    }
  }

  /** Makes the renames in {@code dir} durable. */
  private static void sync(Dir dir) throws IOException {
    try (SeekableByteChannel self =
        dir.stream()
            .newByteChannel(
                Path.of("."), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      if (self instanceof FileChannel channel) {
        channel.force(true);
      }
    }
  }

  /** Removes directories made for a write, deepest first, each only if still empty. */
  private static void removeDirs(Confinement confinement, List<String> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try (Located dir = confinement.locate(created.get(i), Missing.REFUSE, new ArrayList<>())) {
        if (dir.attributes().map(PosixFileAttributes::isDirectory).orElse(false)) {
          dir.dir().deleteDirectoryQuietly(dir.name());
        }
      } catch (GateException gone) {
        // Moved or removed since: not ours to look for.
      }
    }
  }

  private static Optional<String> hash(Dir dir, String name) {
    Optional<PosixFileAttributes> file = dir.stat(name).filter(PosixFileAttributes::isRegularFile);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    SeekableByteChannel channel;
    try {
      channel = dir.read(name);
    } catch (IOException e) {
      return Optional.empty(); // removed, or replaced by a symlink, since: no regular file there
    }
    try (SeekableByteChannel in = channel) {
      return Optional.of(Sha256.hex(in, file.get().size()));
    } catch (IOException e) {
      throw new GateException(ErrorCode.INTERNAL_ERROR, "cannot read the file a write replaces", e);
    }
  }
}
