package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Session;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One governed tool: it checks and prepares a call without side effects, so that the call's audit
 * entry can be made durable before anything changes.
 */
interface Tool {

  ToolDescriptor descriptor();

  /** Checks the call and prepares its effect; throws {@code GateException} to refuse it. */
  Prepared prepare(Invocation invocation);

  /** A call as the gateway hands it to a tool: arguments already match the input schema. */
  record Invocation(Optional<Session> session, JsonObject args, CallContext context, Instant now) {

    /** The session; tools other than begin_session are only invoked with one. */
    Session requireSession() {
      return session.orElseThrow(() -> new IllegalStateException("no session for a tool"));
    }
  }

  /**
   * A checked call, ready to take effect.
   *
   * @param session the session the audit entry names (for begin_session, the new one)
   * @param planHash the plan the call concerns, for the audit entry
   * @param phaseId the plan phase the call concerns, for the audit entry
   * @param effect what changes, run only once the entry is durable
   * @param result the structured result, which may cite the entry
   * @param text the text block; by default the structured result as JSON
   */
  record Prepared(
      Optional<Session> session,
      Optional<String> planHash,
      Optional<String> phaseId,
      Effect effect,
      Function<AuditEntry, JsonObject> result,
      Optional<String> text) {

    static Prepared result(JsonObject result) {
      return new Prepared(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Effect.NONE,
          e -> result,
          Optional.empty());
    }
  }

  /** A side effect that runs after the audit entry is durable; undone if it cannot be. */
  interface Effect {
    Effect NONE =
        new Effect() {
          @Override
          public void commit() {}

          @Override
          public void abort() {}
        };

    /** An effect that runs {@code commit}, with nothing to undo before it. */
    static Effect of(Runnable commit) {
      return of(commit, () -> {});
    }

    /** An effect that runs {@code commit}, or {@code abort} when the call does not happen. */
    static Effect of(Runnable commit, Runnable abort) {
      return new Effect() {
        @Override
        public void commit() {
          commit.run();
        }

        @Override
        public void abort() {
          abort.run();
        }
      };
    }

    /** Makes the change; throws {@code GateException} if it cannot. */
    void commit();

    /** Drops the prepared change (the audit entry could not be written). */
    void abort();
  }
}
