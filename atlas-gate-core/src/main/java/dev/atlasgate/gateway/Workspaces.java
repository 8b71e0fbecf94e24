package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.session.Session;
import dev.atlasgate.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides which roots a session may bind, and opens the workspace of a session with the gateway's
 * own files protected, once per workspace root: opening resolves the root and each protected path
 * through the file system, which would otherwise be a dozen system calls on every file tool call.
 * What is kept is safe to keep: every path asked for is still resolved through the file system on
 * each call and must lie under the root as it was when bound, so a root replaced since (by a
 * symbolic link, say) confines more, never less.
 */
final class Workspaces {
  /** More distinct roots than this, and the kept workspaces are dropped and opened again. */
  private static final int MAX_KEPT = 1024;

  /** Directory names that no root may lie in, at any depth and in any letter case. */
  private static final Set<String> PROTECTED_DIRECTORIES = Set.of(".git", ".atlas-gate");

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
    // A session stored before these rules (or by another instance) is checked again here.
    checkRoot(session.workspaceRoot(), session.workspaceRoot().toString());
    if (open.size() >= MAX_KEPT) {
      open.clear();
    }
    return open.computeIfAbsent(
        session.workspaceRoot(), root -> Workspace.open(root, protectedPaths));
  }

  /**
   * Refuses, with {@code WORKSPACE_INVALID}, a root that no session may bind whatever the allowed
   * list: the file system root, a root inside a protected directory, a root that holds the
   * gateway's own state or lies inside it.
   *
   * @param real the root's real path
   * @param asGiven the root as the caller wrote it, for the message
   */
  void checkRoot(Path real, String asGiven) {
    if (real.getNameCount() == 0) {
      throw invalid(asGiven, "is the file system root");
    }
    for (Path name : real) {
      if (PROTECTED_DIRECTORIES.contains(name.toString().toLowerCase(Locale.ROOT))) {
        throw invalid(asGiven, "lies inside a protected directory (" + name + ")");
      }
    }
    for (Path state : protectedPaths) {
      Path own = resolved(state);
      if (own.startsWith(real)) {
        throw invalid(asGiven, "holds the gateway's own state");
      }
      if (real.startsWith(own)) {
        throw invalid(asGiven, "lies inside the gateway's own state");
      }
    }
  }

  /** The real path of {@code path}, or its absolute normal form while it does not exist. */
  private static Path resolved(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      Path absolute = path.toAbsolutePath().normalize();
      Path parent = absolute.getParent();
      return parent == null ? absolute : resolved(parent).resolve(absolute.getFileName());
    }
  }

  static GateException invalid(String root, String why) {
    return new GateException(ErrorCode.WORKSPACE_INVALID, "workspace_root \"" + root + "\" " + why);
  }
}
