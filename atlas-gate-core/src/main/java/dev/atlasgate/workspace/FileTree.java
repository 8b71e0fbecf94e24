package dev.atlasgate.workspace;

import dev.atlasgate.json.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Walks a workspace directory without leaving it and without showing what is hidden. */
final class FileTree {
  private FileTree() {}

  static FileListing list(
      Workspace workspace, WorkspacePath start, Optional<Glob> glob, boolean withSha256, int max) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(start.absolute(), new Collector(workspace, found));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + start.relative(), e);
    }
    List<String> paths =
        found.stream()
            .map(p -> Workspace.slashes(workspace.root().relativize(p)))
            .filter(p -> glob.map(g -> g.matches(p)).orElse(true))
            .sorted()
            .toList();
    boolean truncated = paths.size() > max;
    List<FileEntry> entries = new ArrayList<>();
    for (String path : truncated ? paths.subList(0, max) : paths) {
      entries.add(entry(workspace.root().resolve(path), path, withSha256));
    }
    return new FileListing(entries, truncated);
  }

  private static FileEntry entry(Path file, String path, boolean withSha256) {
    try {
      return new FileEntry(
          path, Files.size(file), withSha256 ? Optional.of(hash(file)) : Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static String hash(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.hex(in);
    }
  }

  /** Keeps regular files (and symlinks to regular files inside), skips hidden subtrees. */
  private static final class Collector extends SimpleFileVisitor<Path> {
    private final Workspace workspace;
    private final List<Path> found;

    Collector(Workspace workspace, List<Path> found) {
      this.workspace = workspace;
      this.found = found;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      return workspace.isProtectedAbsolute(dir)
          ? FileVisitResult.SKIP_SUBTREE
          : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (workspace.isProtectedAbsolute(file)
          || file.getFileName().toString().startsWith(Workspace.TEMP_PREFIX)) {
        return FileVisitResult.CONTINUE;
      }
      if (attrs.isRegularFile() || (attrs.isSymbolicLink() && linksInside(file))) {
        found.add(file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      return FileVisitResult.CONTINUE;
    }

    private boolean linksInside(Path link) {
      try {
        Path real = link.toRealPath();
        return real.startsWith(workspace.root())
            && Files.isRegularFile(real)
            && !workspace.isProtectedAbsolute(real);
      } catch (IOException e) {
        return false;
      }
    }
  }
}
