package dev.atlasgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories under which sessions may bind a workspace.
 *
 * @param any true when any directory is allowed (the local shape's default)
 * @param roots the allowed roots, as real paths, when {@code any} is false
 */
public record WorkspaceRoots(boolean any, List<Path> roots) {
  public WorkspaceRoots {
    roots = List.copyOf(roots);
  }

  public static WorkspaceRoots anyDirectory() {
    return new WorkspaceRoots(true, List.of());
  }

  /** Only directories under these roots; a root that does not exist is refused now. */
  public static WorkspaceRoots only(List<Path> roots) {
    return new WorkspaceRoots(false, roots.stream().map(WorkspaceRoots::real).toList());
  }

  /** Whether {@code realPath} lies under one of the roots (or is one). */
  public boolean allows(Path realPath) {
    return any || roots.stream().anyMatch(realPath::startsWith);
  }

  private static Path real(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("workspace root " + root + " cannot be resolved", e);
    }
  }
}
