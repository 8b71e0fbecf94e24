package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A path confined to a workspace.
 *
 * @param relative the path as asked, normalised, '/'-separated ("" for the root)
 * @param realRelative where it leads once every symlink is followed, relative to the root
 * @param absolute where it leads, as an absolute path (to name it: operations never open a path by
 *     name, they walk it again from the held root)
 */
public record WorkspacePath(String relative, String realRelative, Path absolute) {
  public WorkspacePath {
    requireNonNull(relative, "relative is null");
    requireNonNull(realRelative, "realRelative is null");
    requireNonNull(absolute, "absolute is null");
  }
}
