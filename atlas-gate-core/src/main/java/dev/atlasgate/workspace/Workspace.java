package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.workspace.Confinement.Missing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A workspace root and the confinement of every path to it.
 *
 * <p>A path is workspace-relative and '/'-separated; it is refused when it is absolute, has a
 * {@code ..} segment, a backslash, a NUL or a drive letter, or leads outside the root once every
 * symlink is followed. Names {@code .git}, {@code .atlas-gate} and the staging files' names are
 * protected at any depth and in any letter case, and so are the gateway's own files: never written,
 * never read, never listed. Every path is walked from the root directory, held open, as {@link
 * Confinement} describes, so that no change of the file system meanwhile leads outside.
 */
public final class Workspace {
  static final String TEMP_PREFIX = StagingName.PREFIX;

  private final List<Path> protectedPaths;
  private final ReentrantLock reopening = new ReentrantLock();
  private volatile Confinement held;

  private Workspace(Confinement confinement, List<Path> protectedPaths) {
    this.held = confinement;
    this.protectedPaths = protectedPaths;
  }

  public static Workspace open(Path root) {
    return open(root, Set.of());
  }

  /**
   * Opens the workspace at {@code root}, holding its directory open.
   *
   * @param extraProtected absolute paths of the gateway's own files, protected when inside (and,
   *     for files, under any other name)
   */
  public static Workspace open(Path root, Set<Path> extraProtected) {
    requireNonNull(root, "root is null");
    if (!root.isAbsolute() || !Files.isDirectory(root)) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID,
          "workspace " + root + " is not an existing absolute directory");
    }
    try {
      List<Path> protectedPaths = extraProtected.stream().map(Workspace::realOrNormal).toList();
      return new Workspace(Confinement.open(root.toRealPath(), protectedPaths), protectedPaths);
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID, "workspace " + root + " cannot be opened");
    }
  }

  public Path root() {
    return held.root();
  }

  /** Confines {@code relative} to the workspace, following every symlink inside it. */
  public WorkspacePath resolve(String relative) {
    String normal = String.join("/", Names.segments(relative));
    return onRoot(
        confinement -> {
          try (Located located = confinement.locate(relative, Missing.ASSUME, new ArrayList<>())) {
            String real = located.path().equals(".") ? "" : located.path();
            return new WorkspacePath(normal, real, confinement.root().resolve(real));
          }
        });
  }

  /** Whether {@code path}, as asked or as resolved, is one the gateway never touches. */
  public boolean isProtected(WorkspacePath path) {
    return isProtected(path.relative()) || isProtected(path.realRelative());
  }

  private boolean isProtected(String relative) {
    List<String> dirs = new ArrayList<>();
    for (String segment : relative.split("/")) {
      if (held.isProtected(dirs, segment)) {
        return true;
      }
      dirs.add(segment);
    }
    return false;
  }

  /** Reads a slice of a file ({@code length} empty: to the end), hashing the whole file. */
  public FileRead read(String path, long offset, OptionalLong length, long maxBytes) {
    return onRoot(confinement -> read(confinement, path, offset, length, maxBytes));
  }

  private static FileRead read(
      Confinement confinement, String path, long offset, OptionalLong length, long maxBytes) {
    try (Located file = confinement.locate(path, Missing.REFUSE, new ArrayList<>())) {
      PosixFileAttributes attributes = file.regularFile().orElseThrow(() -> notFound(path));
      confinement.requireOwnFile(file, attributes);
      long size = attributes.size();
      if (offset < 0 || offset > size) {
        throw new GateException(
            ErrorCode.INVALID_ARGUMENT,
            "arguments.offset " + offset + " is outside the file " + path + " (size " + size + ")");
      }
      long slice = Math.min(length.orElse(size - offset), size - offset);
      if (slice > maxBytes) {
        throw new GateException(
            ErrorCode.FILE_TOO_LARGE,
            "file "
                + path
                + " has "
                + size
                + " bytes; a read returns at most "
                + maxBytes
                + " bytes: read it in slices with offset and length");
      }
      try (InputStream in = Channels.newInputStream(open(file, path))) {
        return FileContent.read(in, normal(path), size, offset, (int) slice);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
  }

  /**
   * Lists regular files under {@code path} ("" or "." for the root), sorted, protected ones left
   * out.
   */
  public FileListing list(String path, Optional<Glob> glob, boolean withSha256, int maxEntries) {
    return list(path, glob, withSha256, maxEntries, FileTree.MAX_WORK);
  }

  /** Lists as {@link #list(String, Optional, boolean, int)} does, within {@code maxWork}. */
  FileListing list(
      String path, Optional<Glob> glob, boolean withSha256, int maxEntries, long maxWork) {
    String start = path.isEmpty() ? "." : path;
    return onRoot(
        confinement -> {
          try (Located located = confinement.locate(start, Missing.REFUSE, new ArrayList<>())) {
            if (located.attributes().isEmpty()) {
              throw notFound(path);
            }
            return FileTree.list(confinement, located, glob, withSha256, maxEntries, maxWork);
          }
        });
  }

  /**
   * Stages a write of {@code content} to {@code path}: nothing is visible until it is committed.
   */
  public PreparedWrite prepareWrite(String path, byte[] content, long maxBytes) {
    return prepareWrite(path, content, maxBytes, StagingId.random());
  }

  /**
   * Stages a write of {@code content} to {@code path} in the staging file {@link
   * #stagingName(StagingId, String) stagingName(id, name)} beside the target: nothing is visible
   * until it is committed.
   */
  public PreparedWrite prepareWrite(String path, byte[] content, long maxBytes, StagingId id) {
    requireNonNull(id, "id is null");
    if (content.length > maxBytes) {
      throw new GateException(
          ErrorCode.FILE_TOO_LARGE,
          "content has " + content.length + " bytes; the limit is " + maxBytes);
    }
    return onRoot(confinement -> PreparedWrite.stage(confinement, normal(path), content, id));
  }

  /**
   * The name of the staging file of write {@code id} to a file named {@code targetName}, in the
   * target's directory: {@code .atlas-gate-tmp-<id>.<targetName>.part}. Names starting with {@code
   * .atlas-gate-tmp-} (in any letter case) are reserved: agents never read, write or list them.
   */
  public static String stagingName(StagingId id, String targetName) {
    return StagingName.of(id, targetName);
  }

  /**
   * Every staging file in the workspace, found by a walk through held directories that follows no
   * symlink and enters no protected directory.
   */
  public Stream<StagedFile> stagedFiles() {
    return onRoot(StagingSweep::find).stream();
  }

  /**
   * Renames a staged file onto its target, keeping the target's mode, and makes the rename durable;
   * nothing to do when the staged file is gone.
   */
  public void rollForward(StagedFile staged) {
    onRoot(
        confinement -> {
          StagingSweep.rollForward(confinement, staged);
          return staged;
        });
  }

  /** Removes a staged file; nothing to do when it is gone. */
  public void discard(StagedFile staged) {
    onRoot(
        confinement -> {
          StagingSweep.discard(confinement, staged);
          return staged;
        });
  }

  /**
   * Runs {@code operation} on the held root; when it finds nothing and the root's path names
   * another directory now (the workspace was removed and made again, a fresh clone say), holds that
   * one instead and runs it again.
   */
  private <T> T onRoot(Function<Confinement, T> operation) {
    Confinement current = held;
    try {
      return operation.apply(current);
    } catch (GateException e) {
      if (e.code() == ErrorCode.FILE_NOT_FOUND && reopened(current)) {
        return operation.apply(held);
      }
      throw e;
    }
  }

  private boolean reopened(Confinement current) {
    reopening.lock();
    try {
      if (held != current) {
        return true;
      }
      if (!current.replaced()) {
        return false;
      }
      held = Confinement.open(current.root(), protectedPaths);
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      reopening.unlock();
    }
  }

  /** Opens a file just looked up; refused when it was removed or replaced by a symlink since. */
  private static SeekableByteChannel open(Located file, String path) {
    try {
      return file.dir().read(file.name());
    } catch (NoSuchFileException e) {
      throw notFound(path);
    } catch (IOException e) {
      throw Names.outside(path, "changed while it was being opened; try again");
    }
  }

  private static String normal(String path) {
    return String.join("/", Names.segments(path));
  }

  private static Path realOrNormal(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) ? absolute.toRealPath() : absolute;
    } catch (IOException e) {
      return absolute;
    }
  }

  static GateException notFound(String path) {
    return new GateException(
        ErrorCode.FILE_NOT_FOUND, "no file " + Names.printable(path) + " in the workspace");
  }

  /** Reads a slice while hashing the whole file, in one pass. */
  static final class FileContent {
    private FileContent() {}

    /**
     * Reads {@code length} bytes from {@code offset} and hashes the whole file, whose size was
     * {@code expectedSize} a moment ago (the buffer fits a small file, so that a small read costs a
     * small buffer; a file that has grown since is still read to its end).
     */
    static FileRead read(InputStream in, String path, long expectedSize, long offset, int length)
        throws IOException {
      var digest = dev.atlasgate.json.Sha256.digest();
      byte[] slice = new byte[length];
      long size = 0;
      byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(0, expectedSize) + 1)];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        copySlice(buffer, n, size, offset, slice);
        size += n;
      }
      return new FileRead(
          path, slice, size, dev.atlasgate.json.Sha256.hex(digest), offset, Text.isBinary(slice));
    }

    private static void copySlice(
        byte[] buffer, int n, long bufferStart, long offset, byte[] slice) {
      long from = Math.max(bufferStart, offset);
      long to = Math.min(bufferStart + n, offset + slice.length);
      if (from < to) {
        System.arraycopy(
            buffer, (int) (from - bufferStart), slice, (int) (from - offset), (int) (to - from));
      }
    }
  }
}
