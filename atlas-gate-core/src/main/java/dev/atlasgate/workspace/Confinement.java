package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Where a workspace path is confined: every path is walked one segment at a time from the root
 * directory, held open, through directories opened relative to the one before without following
 * symlinks ({@code openat} with {@code O_NOFOLLOW}). A symlink met on the way is read, and the path
 * it names is walked again from the root, so that no symlink is followed unchecked and no file
 * system change between a check and a use leads outside.
 */
final class Confinement {
  /**
   * How often, and for how long, a file replaced while it was being checked is looked at again.
   * Under load a reader can be descheduled between its two looks long enough for a writer to
   * replace the file each time (several thousand such look pairs were counted in one test run with
   * the disk and both CPUs busy); a hard link is refused at once, at the first look pair that sees
   * one file.
   */
  private static final int MAX_LOOKS = 1_000;

  private static final long MAX_LOOKING_NANOS = Duration.ofSeconds(2).toNanos();

  /** As many symlinks as Linux follows in one path. */
  private static final int MAX_LINKS = 40;

  /** How many of the gateway's files are known by their file key. */
  private static final int MAX_PROTECTED_FILES = 4096;

  private static final Cleaner CLEANER = Cleaner.create();

  /** Serialises creating directories, which is rare and must not replace a directory made since. */
  private static final ReentrantLock MAKING_DIRECTORIES = new ReentrantLock();

  private final Path root;
  private final Dir rootDir;
  private final Map<Object, Path> protectedFiles;
  private final List<List<String>> protectedInside;

  private Confinement(
      Path root,
      Dir rootDir,
      Map<Object, Path> protectedFiles,
      List<List<String>> protectedInside) {
    this.root = root;
    this.rootDir = rootDir;
    this.protectedFiles = protectedFiles;
    this.protectedInside = protectedInside;
  }

  /**
   * Holds {@code root} (a real path) open; {@code protectedPaths} (real paths) are the gateway's
   * own files: those that exist are also known by their file key, so another name of them (a hard
   * link) is protected too.
   */
  static Confinement open(Path root, List<Path> protectedPaths) throws IOException {
    Dir rootDir = Dir.root(root);
    if (!rootDir.isAt(root)) {
      Dir.closeQuietly(rootDir.stream());
      throw new IOException("the workspace root changed while it was opened");
    }
    Confinement confinement =
        new Confinement(root, rootDir, fileKeys(protectedPaths), inside(root, protectedPaths));
    SecureDirectoryStream<Path> stream = rootDir.stream();
    CLEANER.register(confinement, () -> Dir.closeQuietly(stream));
    return confinement;
  }

  Path root() {
    return root;
  }

  /**
   * Whether the root's path now names another real directory than the one held (the workspace was
   * removed and made again).
   */
  boolean replaced() {
    try {
      return !rootDir.isAt(root) && root.toRealPath().equals(root) && Files.isDirectory(root);
    } catch (IOException e) {
      return false;
    }
  }

  Dir rootDir() {
    return rootDir;
  }

  /**
   * Walks to {@code asked}: the result holds its directory open, with the attributes of the entry
   * when it exists (never a symlink). Missing directories on the way are handled as {@code missing}
   * says (the paths of those created are added to {@code created}).
   */
  Located locate(String asked, Missing missing, List<String> created) {
    List<String> todo = new ArrayList<>(Names.segments(asked));
    if (todo.isEmpty()) {
      todo.add(".");
    }
    Walk walk = new Walk(asked, todo, rootDir);
    try {
      while (true) {
        Optional<Located> found = step(walk, missing, created);
        if (found.isPresent()) {
          walk.dir = rootDir;
          return found.get();
        }
      }
    } finally {
      walk.dir.close();
    }
  }

  /** One segment further; the result once the last one is reached. */
  private Optional<Located> step(Walk walk, Missing missing, List<String> created) {
    String name = walk.todo.get(walk.index);
    if (walk.index == walk.todo.size() - 1) {
      return last(walk, name);
    }
    Optional<Dir> next = walk.dir.openDirectory(name);
    if (next.isPresent()) {
      walk.enter(next.get(), name);
      requireUnprotected(walk.canonical, walk.asked);
      return Optional.empty();
    }
    Optional<PosixFileAttributes> attributes = walk.dir.stat(name);
    if (attributes.isEmpty() && missing == Missing.ASSUME) {
      List<String> dirs = new ArrayList<>(walk.canonical);
      dirs.addAll(walk.todo.subList(walk.index, walk.todo.size() - 1));
      return Optional.of(new Located(walk.dir, walk.todo.getLast(), dirs, Optional.empty()));
    }
    if (attributes.isEmpty() && missing == Missing.CREATE) {
      makeDirectory(walk, name, created);
    } else if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
      follow(walk, name);
    } else if (attributes.isEmpty() || !attributes.get().isDirectory()) {
      throw new GateException(
          ErrorCode.FILE_NOT_FOUND,
          "no directory "
              + String.join("/", walk.todo.subList(0, walk.index + 1))
              + " in the workspace");
    }
    if (++walk.retries > MAX_LINKS) {
      throw changed(walk.asked);
    }
    return Optional.empty();
  }

  /** The last segment: the entry found, or the path a symlink there names. */
  private Optional<Located> last(Walk walk, String name) {
    Optional<PosixFileAttributes> attributes = walk.dir.stat(name);
    if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
      follow(walk, name);
      return Optional.empty();
    }
    requireUnprotected(walk.canonical, name, walk.asked);
    return Optional.of(new Located(walk.dir, name, List.copyOf(walk.canonical), attributes));
  }

  /** Replaces the symlink {@code name} by the path it names, and walks again from the root. */
  private void follow(Walk walk, String name) {
    if (++walk.links > MAX_LINKS) {
      throw Names.outside(walk.asked, "has too many symbolic links");
    }
    String target;
    try {
      target = Files.readSymbolicLink(location(walk.canonical).resolve(name)).toString();
    } catch (IOException e) {
      throw changed(walk.asked);
    }
    List<String> path = new ArrayList<>();
    if (target.startsWith("/")) {
      String prefix = root.toString();
      if (!target.equals(prefix) && !target.startsWith(prefix + "/")) {
        throw Names.outside(walk.asked, "leads outside the workspace");
      }
      target = target.substring(prefix.length());
    } else {
      path.addAll(walk.canonical);
    }
    for (String segment : target.split("/")) {
      if (segment.equals("..")) {
        if (path.isEmpty()) {
          throw Names.outside(walk.asked, "leads outside the workspace");
        }
        path.removeLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        Names.requireUnprotected(segment, walk.asked);
        path.add(segment);
      }
    }
    path.addAll(walk.todo.subList(walk.index + 1, walk.todo.size()));
    if (path.isEmpty()) {
      path.add(".");
    }
    walk.restart(rootDir, path);
  }

  /**
   * Creates directory {@code name} in the walk's directory without ever naming it by a path that
   * could lead elsewhere: it is made under a reserved name directly in the root, found there
   * through the held root, and renamed into the held directory ({@code renameat}).
   */
  private void makeDirectory(Walk walk, String name, List<String> created) {
    String made = StagingName.PREFIX + StagingId.random().value() + ".dir";
    try {
      Files.createDirectory(root.resolve(made));
      MAKING_DIRECTORIES.lock();
      try {
        if (!rootDir.stat(made).map(PosixFileAttributes::isDirectory).orElse(false)) {
          Files.deleteIfExists(root.resolve(made));
          throw changed(walk.asked);
        }
        if (walk.dir.stat(name).isEmpty()) {
          rootDir.stream().move(Path.of(made), walk.dir.stream(), Path.of(name));
          created.add(
              String.join("/", walk.canonical) + (walk.canonical.isEmpty() ? "" : "/") + name);
        }
      } finally {
        MAKING_DIRECTORIES.unlock();
        rootDir.deleteDirectoryQuietly(made);
      }
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.INTERNAL_ERROR,
          "cannot create the directories of " + Names.printable(walk.asked),
          e);
    }
  }

  /**
   * Refuses a regular file that is the gateway's own (by file key, whatever its name) or that has
   * other names (hard links), which could lie outside the workspace.
   */
  void requireOwnFile(Located file, PosixFileAttributes attributes) {
    if (isGatewayFile(attributes.fileKey())) {
      throw protectedPath(file.path());
    }
    PosixFileAttributes seen = attributes;
    // A file replaced by a rename between the two looks (a write to the same path) is looked at
    // again rather than taken for a hard link. The answer holds when both looks see one file
    // number: a file that had another name at the first look could not have had that number.
    // (A file key seen again at a later first look proves nothing: inode numbers are reused as
    // fast as files are.)
    long deadline = System.nanoTime() + MAX_LOOKING_NANOS;
    for (int look = 1; ; look++) {
      OptionalInt links = linksIfStill(file.dirs(), file.name(), seen);
      if (links.isPresent()) {
        if (links.getAsInt() == 1) {
          return;
        }
        throw Names.outside(
            file.path(), "has other names (hard links), which may lie outside the workspace");
      }
      if (look == MAX_LOOKS || System.nanoTime() - deadline >= 0) {
        throw Names.outside(file.path(), "kept changing while it was being checked; try again");
      }
      seen = file.dir().stat(file.name()).orElseThrow(() -> Workspace.notFound(file.path()));
      if (isGatewayFile(seen.fileKey())) {
        throw protectedPath(file.path());
      }
    }
  }

  /**
   * Whether the file {@code name} of directory {@code dirs}, seen through held directories with
   * {@code attributes}, has no other name (false also when the name now leads to another file).
   */
  boolean hasOneName(List<String> dirs, String name, PosixFileAttributes attributes) {
    OptionalInt links = linksIfStill(dirs, name, attributes);
    return links.isPresent() && links.getAsInt() == 1;
  }

  /**
   * The number of names of the file {@code name} of directory {@code dirs}, seen through held
   * directories with {@code attributes}, or empty when the name no longer leads to that file. Java
   * gives the link count only by path: the path is looked up again, and must lead to the same file
   * (same file key). A count of 0 is a file replaced while it was being looked up (the lookup found
   * it, the rename unlinked it before its count was read): that file has no name left.
   */
  private OptionalInt linksIfStill(List<String> dirs, String name, PosixFileAttributes attributes) {
    Map<String, Object> names;
    try {
      names =
          Files.readAttributes(
              location(dirs).resolve(name), "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return OptionalInt.empty();
    }
    if (!(names.get("nlink") instanceof Integer links)) {
      return OptionalInt.empty();
    }
    return attributes.fileKey().equals(names.get("fileKey")) && links > 0
        ? OptionalInt.of(links)
        : OptionalInt.empty();
  }

  /** Whether an entry of directory {@code dirs} is the gateway's own (by name or by place). */
  boolean isProtected(List<String> dirs, String name) {
    if (Names.isProtected(name)) {
      return true;
    }
    List<String> path = new ArrayList<>(dirs);
    path.add(name);
    return protectedInside.stream().anyMatch(p -> startsWith(path, p));
  }

  boolean isProtectedFile(PosixFileAttributes attributes) {
    return isGatewayFile(attributes.fileKey());
  }

  private void requireUnprotected(List<String> dirs, String name, String asked) {
    if (isProtected(dirs, name)) {
      throw protectedPath(asked);
    }
  }

  private void requireUnprotected(List<String> canonical, String asked) {
    if (protectedInside.stream().anyMatch(p -> startsWith(canonical, p))) {
      throw protectedPath(asked);
    }
  }

  Path location(List<String> dirs) {
    Path at = root;
    for (String dir : dirs) {
      at = at.resolve(dir);
    }
    return at;
  }

  static GateException protectedPath(String relative) {
    return new GateException(
        ErrorCode.PATH_PROTECTED, "path " + Names.printable(relative) + " is protected");
  }

  private static GateException changed(String asked) {
    return Names.outside(asked, "changed while it was being resolved; try again");
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  /**
   * The file keys of the protected files, and of the files in protected directories (a few levels
   * deep, a bounded number): those made later, or lying deeper, have other names only as hard
   * links, which are refused anyway.
   */
  private static Map<Object, Path> fileKeys(List<Path> paths) {
    Map<Object, Path> keys = new HashMap<>();
    for (Path path : paths) {
      try (Stream<Path> files = Files.walk(path, 3)) {
        files
            .limit(MAX_PROTECTED_FILES)
            .forEach(file -> fileKey(file).ifPresent(k -> keys.put(k, file)));
      } catch (IOException | UncheckedIOException e) {
        // Not made yet, or unreadable to the gateway itself: protected by its place once it is.
      }
    }
    return Map.copyOf(keys);
  }

  private static Optional<Object> fileKey(Path file) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile()
          ? Optional.ofNullable(attributes.fileKey())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // gone since it was listed: nothing to protect
    }
  }

  /**
   * Whether {@code key} is a gateway file's: one known when the workspace was opened and still that
   * file's (a file the gateway has since replaced or removed frees its inode number, which the file
   * system soon gives to another file).
   */
  private boolean isGatewayFile(Object key) {
    Path file = protectedFiles.get(key);
    return file != null && fileKey(file).filter(key::equals).isPresent();
  }

  private static List<List<String>> inside(Path root, List<Path> paths) {
    List<List<String>> inside = new ArrayList<>();
    for (Path path : paths) {
      if (path.startsWith(root)) {
        List<String> segments = new ArrayList<>();
        root.relativize(path).forEach(p -> segments.add(p.toString()));
        inside.add(segments.size() == 1 && segments.getFirst().isEmpty() ? List.of() : segments);
      }
    }
    return List.copyOf(inside);
  }

  /** What a walk does when a directory on the way is missing. */
  enum Missing {
    /** Refuses: {@code FILE_NOT_FOUND}. */
    REFUSE,
    /** Creates it (and the ones below it) with the mode an editor would give them. */
    CREATE,
    /**
     * Stops there and answers the path as it would be once created, its directory not held (the
     * answer only names the place: nothing may be opened through it).
     */
    ASSUME
  }

  /** The state of one walk: where it is, what is left, how many links it followed. */
  private static final class Walk {
    final String asked;
    List<String> todo;
    int index;
    Dir dir;
    final List<String> canonical = new ArrayList<>();
    int links;
    int retries;

    Walk(String asked, List<String> todo, Dir dir) {
      this.asked = asked;
      this.todo = todo;
      this.dir = dir;
    }

    /** Steps into subdirectory {@code name}, opened from the current one. */
    void enter(Dir next, String name) {
      dir.close();
      dir = next;
      canonical.add(name);
      index++;
      retries = 0;
    }

    void restart(Dir rootDir, List<String> path) {
      dir.close();
      dir = rootDir;
      todo = path;
      index = 0;
      canonical.clear();
    }
  }
}
