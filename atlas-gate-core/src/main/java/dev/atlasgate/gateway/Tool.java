package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Session;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One governed tool, as the gateway sees it: its descriptor, and a call prepared without side
 * effects, so that the call's audit entry can be made durable before anything changes. A tool is a
 * {@link ToolDeclaration} with its {@link ToolHandler} ({@link #of}).
 */
interface Tool {

  ToolDescriptor descriptor();

  /** Checks the call and prepares its effect; throws {@code GateException} to refuse it. */
  Prepared prepare(Invocation invocation);

  /** The tool {@code declaration} declares and {@code handler} carries out. */
  static <A> Tool of(
      ToolDeclaration<A> declaration, ToolHandler<A> handler, Workspaces workspaces) {
    return new Declared<>(declaration, declaration.descriptor(), handler, workspaces);
  }

  /** A call as the gateway hands it to a tool: arguments already match the input schema. */
  record Invocation(Optional<Session> session, JsonObject args, CallContext context, Instant now) {}

  /** A declared tool: its arguments parsed by its declaration, then handled. */
  record Declared<A>(
      ToolDeclaration<A> declaration,
      ToolDescriptor descriptor,
      ToolHandler<A> handler,
      Workspaces workspaces)
      implements Tool {
    @Override
    public Prepared prepare(Invocation call) {
      A args = declaration.arguments().parse(call.args());
      return handler.prepare(
          new ToolHandler.Call<>(call.session(), args, call.context(), call.now(), workspaces));
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
      return result(result, Effect.NONE);
    }

    /** A call that answers {@code result} once {@code effect} has run. */
    static Prepared result(JsonObject result, Effect effect) {
      return new Prepared(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          effect,
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

    /** Makes the change; throws {@code GateException} if it cannot (it may be tried again). */
    void commit();

    /** Drops the prepared change (the audit entry could not be written). */
    void abort();

    /** Runs just before the entry is appended (under the lock of a write's path). */
    default void beforeAppend() {}

    /**
     * Ends the call's hold on what it changes (the lock of a write's path, taken before staging and
     * held from before the entry is appended until after {@link #commit()}); runs last, whatever
     * happened.
     */
    default void release() {}

    /** The redacted arguments as the entry records them (a write adds its staging id). */
    default JsonObject recorded(JsonObject redactedArgs) {
      return redactedArgs;
    }
  }
}
