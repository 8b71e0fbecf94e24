package dev.atlasgate.workspace;

import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * A path walked to: its directory held open, its name in it, the real directories leading to it (no
 * symlinks: where a symlink was met, the path it names), and what is there now (never a symlink;
 * empty when nothing is).
 */
record Located(Dir dir, String name, List<String> dirs, Optional<PosixFileAttributes> attributes)
    implements AutoCloseable {

  /** The workspace-relative path, symlinks resolved ("." for the root). */
  String path() {
    return dirs.isEmpty() ? name : String.join("/", dirs) + "/" + name;
  }

  /** The workspace-relative path of the directory the entry is in ("" for the root). */
  String dirPath() {
    return String.join("/", dirs);
  }

  Optional<PosixFileAttributes> regularFile() {
    return attributes.filter(PosixFileAttributes::isRegularFile);
  }

  @Override
  public void close() {
    dir.close();
  }
}
