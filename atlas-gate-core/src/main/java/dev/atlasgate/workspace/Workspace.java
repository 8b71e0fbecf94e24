package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A workspace root and the confinement of every path to it.
 *
 * <p>A path is workspace-relative and '/'-separated; it is refused when it is absolute, has a
 * {@code ..} segment, a backslash, a NUL or a drive letter, or leads outside the real root once
 * every symlink is followed. {@code .git}, {@code .atlas-gate} and the gateway's own files are
 * protected: never written, never read, never listed.
 */
public final class Workspace {
  static final String TEMP_PREFIX = ".atlas-gate-tmp-";
  private static final Set<String> PROTECTED_DIRS = Set.of(".git", ".atlas-gate");
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private final Path root;
  private final List<Path> extraProtected;

  private Workspace(Path root, List<Path> extraProtected) {
    this.root = root;
    this.extraProtected = extraProtected;
  }

  public static Workspace open(Path root) {
    return open(root, Set.of());
  }

  /**
   * Opens the workspace at {@code root}.
   *
   * @param extraProtected absolute paths of the gateway's own files, protected when inside
   */
  public static Workspace open(Path root, Set<Path> extraProtected) {
    requireNonNull(root, "root is null");
    if (!root.isAbsolute() || !Files.isDirectory(root)) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID,
          "workspace " + root + " is not an existing absolute directory");
    }
    try {
      return new Workspace(
          root.toRealPath(), extraProtected.stream().map(Workspace::realOrNormal).toList());
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID, "workspace " + root + " cannot be resolved");
    }
  }

  public Path root() {
    return root;
  }

  /** Confines {@code relative} to the workspace, following every symlink. */
  public WorkspacePath resolve(String relative) {
    List<String> segments = segments(relative);
    String normal = String.join("/", segments);
    Path real = root;
    int existing = 0;
    for (int i = segments.size(); i > 0; i--) {
      Path candidate = root.resolve(String.join("/", segments.subList(0, i)));
      if (Files.exists(candidate)) {
        real = realPath(candidate, relative);
        existing = i;
        break;
      }
    }
    if (!real.startsWith(root)) {
      throw outside(relative, "leads outside the workspace");
    }
    Path absolute = real;
    for (String segment : segments.subList(existing, segments.size())) {
      absolute = absolute.resolve(segment);
    }
    return new WorkspacePath(normal, slashes(root.relativize(absolute)), absolute);
  }

  /** Whether {@code path}, as asked or as resolved, is one the gateway never touches. */
  public boolean isProtected(WorkspacePath path) {
    return protectedName(path.relative())
        || protectedName(path.realRelative())
        || extraProtected.stream().anyMatch(path.absolute()::startsWith);
  }

  /** Reads a slice of a file ({@code length} empty: to the end), hashing the whole file. */
  public FileRead read(String path, long offset, OptionalLong length, long maxBytes) {
    WorkspacePath target = readable(path);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(target.absolute(), BasicFileAttributes.class);
    } catch (IOException e) {
      throw notFound(target);
    }
    if (!attributes.isRegularFile()) {
      throw notFound(target);
    }
    try {
      long size = attributes.size();
      if (offset < 0 || offset > size) {
        throw new GateException(
            ErrorCode.INVALID_ARGUMENT,
            "arguments.offset "
                + offset
                + " is outside the file "
                + target.relative()
                + " (size "
                + size
                + ")");
      }
      long slice = Math.min(length.orElse(size - offset), size - offset);
      if (slice > maxBytes) {
        throw new GateException(
            ErrorCode.FILE_TOO_LARGE,
            "file "
                + target.relative()
                + " has "
                + size
                + " bytes; a read returns at most "
                + maxBytes
                + " bytes: read it in slices with offset and length");
      }
      return FileContent.read(target, size, offset, (int) slice);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + target.relative(), e);
    }
  }

  /**
   * Lists regular files under {@code path} ("" or "." for the root), sorted, hidden ones left out.
   */
  public FileListing list(String path, Optional<Glob> glob, boolean withSha256, int maxEntries) {
    WorkspacePath start =
        path.isEmpty() || path.equals(".") ? new WorkspacePath("", "", root) : readable(path);
    if (!Files.exists(start.absolute())) {
      throw notFound(start);
    }
    return FileTree.list(this, start, glob, withSha256, maxEntries);
  }

  /**
   * Stages a write of {@code content} to {@code path}: nothing is visible until it is committed.
   */
  public PreparedWrite prepareWrite(String path, byte[] content, long maxBytes) {
    if (content.length > maxBytes) {
      throw new GateException(
          ErrorCode.FILE_TOO_LARGE,
          "content has " + content.length + " bytes; the limit is " + maxBytes);
    }
    WorkspacePath target = resolve(path);
    if (isProtected(target)) {
      throw protectedPath(target);
    }
    if (Files.isDirectory(target.absolute())) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT, "path " + target.relative() + " is a directory");
    }
    return PreparedWrite.stage(target, content);
  }

  WorkspacePath readable(String path) {
    WorkspacePath target = resolve(path);
    if (isProtected(target)) {
      throw protectedPath(target);
    }
    return target;
  }

  boolean isProtectedAbsolute(Path absolute) {
    return protectedName(slashes(root.relativize(absolute)))
        || extraProtected.stream().anyMatch(absolute::startsWith);
  }

  private static List<String> segments(String relative) {
    if (relative == null || relative.isEmpty()) {
      throw new GateException(ErrorCode.INVALID_ARGUMENT, "path is empty");
    }
    if (relative.indexOf('\0') >= 0) {
      throw outside(relative, "contains a NUL character");
    }
    if (relative.indexOf('\\') >= 0) {
      throw outside(relative, "contains a backslash; use '/' between segments");
    }
    if (relative.startsWith("/") || DRIVE.matcher(relative).matches()) {
      throw outside(relative, "is absolute; paths are relative to the workspace");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : relative.split("/")) {
      if (segment.equals("..")) {
        throw outside(relative, "contains a '..' segment");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static boolean protectedName(String relative) {
    int slash = relative.indexOf('/');
    String first = slash < 0 ? relative : relative.substring(0, slash);
    return PROTECTED_DIRS.contains(first.toLowerCase(Locale.ROOT));
  }

  private Path realPath(Path candidate, String relative) {
    try {
      return candidate.toRealPath();
    } catch (IOException e) {
      throw outside(relative, "cannot be resolved");
    }
  }

  static String slashes(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  private static Path realOrNormal(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) ? absolute.toRealPath() : absolute;
    } catch (IOException e) {
      return absolute;
    }
  }

  private static GateException outside(String relative, String why) {
    return new GateException(
        ErrorCode.PATH_OUTSIDE_WORKSPACE, "path \"" + printable(relative) + "\" " + why);
  }

  private static GateException protectedPath(WorkspacePath target) {
    return new GateException(
        ErrorCode.PATH_PROTECTED, "path " + target.relative() + " is protected");
  }

  private static GateException notFound(WorkspacePath target) {
    return new GateException(
        ErrorCode.FILE_NOT_FOUND, "no file " + target.relative() + " in the workspace");
  }

  private static String printable(String text) {
    return text.replace("\0", "\\0");
  }

  /** Reads a slice while hashing the whole file, in one pass. */
  static final class FileContent {
    private FileContent() {}

    /**
     * Reads {@code length} bytes from {@code offset} and hashes the whole file, whose size was
     * {@code expectedSize} a moment ago (the buffer fits a small file, so that a small read costs a
     * small buffer; a file that has grown since is still read to its end).
     */
    static FileRead read(WorkspacePath target, long expectedSize, long offset, int length)
        throws IOException {
      var digest = dev.atlasgate.json.Sha256.digest();
      byte[] slice = new byte[length];
      long size = 0;
      try (InputStream in = Files.newInputStream(target.absolute())) {
        byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(0, expectedSize) + 1)];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
          copySlice(buffer, n, size, offset, slice);
          size += n;
        }
      }
      return new FileRead(
          target.relative(),
          slice,
          size,
          dev.atlasgate.json.Sha256.hex(digest),
          offset,
          Text.isBinary(slice));
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
