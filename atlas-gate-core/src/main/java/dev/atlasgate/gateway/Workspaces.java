package dev.atlasgate.gateway;

import dev.atlasgate.session.Session;
import dev.atlasgate.workspace.Workspace;

/** Opens the workspace of a session with the gateway's own files protected. */
final class Workspaces {
  private Workspaces() {}

  static Workspace of(GatewaySettings settings, Session session) {
    return Workspace.open(session.workspaceRoot(), settings.protectedPaths());
  }
}
