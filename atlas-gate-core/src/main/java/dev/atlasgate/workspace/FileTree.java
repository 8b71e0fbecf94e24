package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.workspace.Confinement.Missing;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Walks a workspace directory through directories held open, following no symlink out of it and
 * entering no protected directory, and lists what agents may see.
 */
final class FileTree {
  static final int VISITS_PER_ENTRY = 10;

  /** Matching work (live pattern segments times name length, summed) that one listing may do. */
  static final long MAX_WORK = 20_000_000;

  private FileTree() {}

  /** Sees every entry of a walked tree that is not a directory. */
  interface Visitor {
    void entry(List<String> dirs, String name, PosixFileAttributes attributes);
  }

  /**
   * Visits the entries of {@code dir} (whose path is {@code dirs}) and of its subdirectories,
   * except protected directories; a symlink is seen as a symlink, never followed.
   */
  static void walk(Confinement confinement, Dir dir, List<String> dirs, Visitor visitor) {
    try {
      for (Path entry : dir.stream()) {
        String name = entry.getFileName().toString();
        Optional<PosixFileAttributes> attributes = stat(dir, name);
        if (attributes.isEmpty()) {
          continue;
        }
        if (!attributes.get().isDirectory()) {
          visitor.entry(dirs, name, attributes.get());
        } else if (!confinement.isProtected(dirs, name)) {
          List<String> sub = new ArrayList<>(dirs);
          sub.add(name);
          Optional<Dir> opened = dir.openDirectory(name);
          if (opened.isPresent()) {
            try (Dir child = opened.get()) {
              walk(confinement, child, sub, visitor);
            }
          }
        }
      }
    } catch (DirectoryIteratorException e) {
      // The directory went away while it was read: what it held is no longer in the workspace.
    }
  }

  /** The entry's attributes; empty when it is gone or cannot be looked up (it is not listed). */
  private static Optional<PosixFileAttributes> stat(Dir dir, String name) {
    try {
      return dir.stat(name);
    } catch (GateException unreadable) {
      return Optional.empty();
    }
  }

  /** Opens a fresh stream over the directory {@code located} names (the root for "."). */
  static Optional<Dir> open(Located located) {
    return located.dir().openDirectory(located.name());
  }

  static FileListing list(
      Confinement confinement, Located start, Optional<Glob> glob, boolean withSha256, int max) {
    return list(confinement, start, glob, withSha256, max, MAX_WORK);
  }

  static FileListing list(
      Confinement confinement,
      Located start,
      Optional<Glob> glob,
      boolean withSha256,
      int max,
      long maxWork) {
    Lister lister = new Lister(confinement, glob, max, maxWork);
    PosixFileAttributes attributes = start.attributes().orElseThrow();
    if (attributes.isRegularFile()) {
      confinement.requireOwnFile(start, attributes);
      lister.found.add(Candidate.file(start.dirs(), start.name(), attributes));
    } else if (attributes.isDirectory()) {
      List<String> dirs = new ArrayList<>(start.dirs());
      if (!start.name().equals(".")) {
        dirs.add(start.name());
      }
      try (Dir dir = open(start).orElseThrow(() -> Workspace.notFound(start.path()))) {
        lister.walk(dir, List.copyOf(dirs), lister.position(String.join("/", dirs)));
      }
    } else {
      throw Workspace.notFound(start.path());
    }
    List<Candidate> matching =
        lister.found.stream()
            .filter(c -> glob.map(g -> g.matches(c.path())).orElse(true))
            .sorted(Comparator.comparing(Candidate::path))
            .toList();
    FileListing listing = entries(confinement, matching, withSha256, max);
    return lister.cut ? new FileListing(listing.files(), true) : listing;
  }

  private static void collect(
      Confinement confinement,
      List<String> dirs,
      String name,
      PosixFileAttributes attributes,
      List<Candidate> found) {
    if (confinement.isProtected(dirs, name)) {
      return;
    }
    if (attributes.isRegularFile() && !confinement.isProtectedFile(attributes)) {
      found.add(Candidate.file(dirs, name, attributes));
    } else if (attributes.isSymbolicLink()) {
      String path = Candidate.file(dirs, name, attributes).path();
      linkedFile(confinement, path).ifPresent(a -> found.add(Candidate.link(path, a)));
    }
  }

  /** The file a symlink leads to, when it is one an agent may read. */
  private static Optional<PosixFileAttributes> linkedFile(Confinement confinement, String path) {
    try (Located target = confinement.locate(path, Missing.REFUSE, new ArrayList<>())) {
      Optional<PosixFileAttributes> file = target.regularFile();
      file.ifPresent(a -> confinement.requireOwnFile(target, a));
      return file;
    } catch (GateException refused) {
      return Optional.empty();
    }
  }

  /** The first {@code max} candidates that are still readable, each checked as a read would be. */
  private static FileListing entries(
      Confinement confinement, List<Candidate> candidates, boolean withSha256, int max) {
    List<FileEntry> entries = new ArrayList<>();
    for (Candidate candidate : candidates) {
      Optional<FileEntry> entry = entry(confinement, candidate, withSha256 && entries.size() < max);
      if (entry.isPresent() && entries.size() == max) {
        return new FileListing(entries, true);
      }
      entry.ifPresent(entries::add);
    }
    return new FileListing(entries, false);
  }

  private static Optional<FileEntry> entry(
      Confinement confinement, Candidate candidate, boolean withSha256) {
    if (!withSha256 && candidate.name().isPresent()) {
      return confinement.hasOneName(
              candidate.dirs(), candidate.name().get(), candidate.attributes())
          ? Optional.of(
              new FileEntry(candidate.path(), candidate.attributes().size(), Optional.empty()))
          : Optional.empty();
    }
    try (Located file = confinement.locate(candidate.path(), Missing.REFUSE, new ArrayList<>())) {
      Optional<PosixFileAttributes> attributes = file.regularFile();
      if (attributes.isEmpty()) {
        return Optional.empty();
      }
      confinement.requireOwnFile(file, attributes.get());
      Optional<String> sha256 =
          withSha256 ? Optional.of(hash(file, attributes.get().size())) : Optional.empty();
      return Optional.of(new FileEntry(candidate.path(), attributes.get().size(), sha256));
    } catch (GateException refused) {
      return Optional.empty();
    }
  }

  private static String hash(Located file, long size) {
    try (SeekableByteChannel in = file.dir().read(file.name())) {
      return Sha256.hex(in, size);
    } catch (IOException e) {
      throw new GateException(ErrorCode.FILE_NOT_FOUND, "cannot read " + file.path(), e);
    }
  }

  /**
   * A file found by the walk, not yet checked as a read would check it.
   *
   * @param name its name in directory {@code dirs}; empty for a symlink, whose path leads elsewhere
   */
  private record Candidate(
      String path, List<String> dirs, Optional<String> name, PosixFileAttributes attributes) {
    static Candidate file(List<String> dirs, String name, PosixFileAttributes attributes) {
      String path = dirs.isEmpty() ? name : String.join("/", dirs) + "/" + name;
      return new Candidate(path, dirs, Optional.of(name), attributes);
    }

    static Candidate link(String path, PosixFileAttributes attributes) {
      return new Candidate(path, List.of(), Optional.empty(), attributes);
    }
  }

  /**
   * The walk of a listing: it carries the glob's position down the tree, reading each name once,
   * enters no directory below which the glob cannot match, and stops once it has found more files
   * than it may show, visited {@value #VISITS_PER_ENTRY} entries per file it may show, or spent
   * {@code maxWork} units of matching work: a tree of any shape answers in bounded time, {@code
   * truncated} when the walk was cut short.
   */
  private static final class Lister {
    private final Confinement confinement;
    private final Optional<Glob> glob;
    private final int max;
    private long visitsLeft;
    private long workLeft;
    final List<Candidate> found = new ArrayList<>();
    boolean cut;

    Lister(Confinement confinement, Optional<Glob> glob, int max, long maxWork) {
      this.confinement = confinement;
      this.glob = glob;
      this.max = max;
      this.visitsLeft = (long) max * VISITS_PER_ENTRY;
      this.workLeft = maxWork;
    }

    /** The glob's position at the directory {@code relative} ("" for the root). */
    Optional<Glob.Position> position(String relative) {
      workLeft -= relative.length() * 4L;
      return glob.map(g -> relative.isEmpty() ? g.start() : g.at(relative));
    }

    void walk(Dir dir, List<String> dirs, Optional<Glob.Position> at) {
      try {
        for (Path entry : dir.stream()) {
          if (!visit()) {
            return;
          }
          String name = entry.getFileName().toString();
          Optional<PosixFileAttributes> attributes = stat(dir, name);
          if (attributes.isPresent()) {
            Optional<Glob.Position> here = at.map(p -> enter(p, name));
            if (!attributes.get().isDirectory()) {
              if (here.map(p -> glob.orElseThrow().matches(p)).orElse(true)) {
                collect(confinement, dirs, name, attributes.get(), found);
              }
            } else if (!confinement.isProtected(dirs, name)
                && here.map(p -> glob.orElseThrow().mayMatchBelow(p)).orElse(true)) {
              enterDirectory(dir, dirs, name, here);
            }
          }
        }
      } catch (DirectoryIteratorException e) {
        // The directory went away while it was read: what it held is no longer in the workspace.
      }
    }

    private void enterDirectory(
        Dir dir, List<String> dirs, String name, Optional<Glob.Position> here) {
      List<String> sub = new ArrayList<>(dirs);
      sub.add(name);
      Optional<Dir> opened = dir.openDirectory(name);
      if (opened.isPresent()) {
        try (Dir child = opened.get()) {
          walk(child, sub, here);
        }
      }
    }

    private Glob.Position enter(Glob.Position at, String name) {
      workLeft -= at.cost(name);
      return glob.orElseThrow().enter(at, name);
    }

    /** Counts a visit; false, and the walk is cut, once a budget is spent. */
    private boolean visit() {
      if (cut || --visitsLeft < 0 || workLeft < 0 || found.size() > max) {
        cut = true;
        return false;
      }
      return true;
    }
  }
}
