package dev.atlasgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories under which sessions may bind a workspace. Whatever the list, some roots are
 * never bound (the file system root, a protected directory, the gateway's own state): {@link
 * Workspaces} refuses those.
 *
 * @param any true when the list does not restrict (a principal with no workspace limits)
 * @param roots the allowed roots, as real paths, when {@code any} is false; none at all means no
 *     root was configured, and every workspace is refused
 */
public record WorkspaceRoots(boolean any, List<Path> roots) {
  public WorkspaceRoots {
    roots = List.copyOf(roots);
  }

  public static WorkspaceRoots anyDirectory() {
    return new WorkspaceRoots(true, List.of());
  }

  /** No root at all, until the operator configures some (the cloud shape's default). */
  public static WorkspaceRoots none() {
    return new WorkspaceRoots(false, List.of());
  }

  /** Only directories under these roots; a root that does not exist is refused now. */
  public static WorkspaceRoots only(List<Path> roots) {
    return new WorkspaceRoots(false, roots.stream().map(WorkspaceRoots::real).toList());
  }

  /** Whether {@code realPath} lies under one of the roots (or is one). */
  public boolean allows(Path realPath) {
    return any || roots.stream().anyMatch(realPath::startsWith);
  }

  /** Whether no root is configured, so that nothing can be bound. */
  public boolean unconfigured() {
    return !any && roots.isEmpty();
  }

  private static Path real(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("workspace root " + root + " cannot be resolved", e);
    }
  }
}
