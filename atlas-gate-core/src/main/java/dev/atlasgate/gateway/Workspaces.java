package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.Session;
import dev.atlasgate.workspace.Workspace;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Opens the workspace of a session with the gateway's own files protected, once per workspace root:
 * opening resolves the root and each protected path through the file system, which would otherwise
 * be a dozen system calls on every file tool call. What is kept is safe to keep: every path asked
 * for is still resolved through the file system on each call and must lie under the root as it was
 * when bound, so a root replaced since (by a symbolic link, say) confines more, never less.
 */
final class Workspaces {
  /** More distinct roots than this, and the kept workspaces are dropped and opened again. */
  private static final int MAX_KEPT = 1024;

  private final Set<Path> protectedPaths;
  private final ConcurrentMap<Path, Workspace> open = new ConcurrentHashMap<>();

  Workspaces(Set<Path> protectedPaths) {
    this.protectedPaths = Set.copyOf(requireNonNull(protectedPaths, "protectedPaths is null"));
  }

  Workspace of(Session session) {
    Workspace kept = open.get(session.workspaceRoot());
    if (kept != null) {
      return kept;
    }
    if (open.size() >= MAX_KEPT) {
      open.clear();
    }
    return open.computeIfAbsent(
        session.workspaceRoot(), root -> Workspace.open(root, protectedPaths));
  }
}
