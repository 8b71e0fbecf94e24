package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.Session;
import dev.atlasgate.workspace.Workspace;
import java.time.Instant;
import java.util.Optional;

/**
 * What a tool does: it checks a call and prepares its effect, without side effects, so that the
 * call's audit entry can be made durable before anything changes.
 *
 * @param <A> the typed arguments of its {@link ToolDeclaration}
 */
@FunctionalInterface
interface ToolHandler<A> {

  /** Checks the call and prepares its effect; throws {@code GateException} to refuse it. */
  Tool.Prepared prepare(Call<A> call);

  /**
   * A call as a handler gets it: arguments parsed, the session checked and renewed, the session's
   * workspace at hand. What every tool used to look up first is here, once.
   */
  record Call<A>(
      Optional<Session> maybeSession,
      A args,
      CallContext context,
      Instant now,
      Workspaces workspaces) {
    public Call {
      requireNonNull(maybeSession, "maybeSession is null");
      requireNonNull(args, "args is null");
      requireNonNull(context, "context is null");
      requireNonNull(now, "now is null");
      requireNonNull(workspaces, "workspaces is null");
    }

    /** The caller's session; every tool but begin_session is only called with one. */
    Session session() {
      return maybeSession.orElseThrow(() -> new IllegalStateException("no session for a tool"));
    }

    /** The workspace of the caller's session, its root checked again. */
    Workspace workspace() {
      return workspaces.of(session());
    }
  }
}
