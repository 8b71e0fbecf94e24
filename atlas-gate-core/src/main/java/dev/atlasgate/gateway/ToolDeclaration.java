package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Role;
import java.util.List;
import java.util.Set;

/**
 * Everything about a tool but what it does: its name and texts, the roles that may call it, its
 * typed arguments (which give its input schema) and the schema of its result. With a {@link
 * ToolHandler} it makes a {@link Tool}.
 *
 * @param <A> the typed arguments its handler gets
 */
record ToolDeclaration<A>(
    String name,
    String title,
    String description,
    Set<Role> roles,
    SessionUse session,
    Arguments<A> arguments,
    JsonObject outputSchema) {

  /** How a tool relates to the governance session. */
  enum SessionUse {
    /** Called before any session exists ({@code begin_session}). */
    NONE,
    /** Acts in the caller's session, named by the connection or by a {@code session_id}. */
    BOUND,
    /** Acts in the caller's session; its own {@code session_id} argument is a filter. */
    BOUND_WITH_SESSION_FILTER
  }

  /** The optional governance handle that every session-bound tool accepts. */
  static final Arg<java.util.Optional<String>> SESSION_ID =
      Arg.optionalString(
          "session_id",
          PropertySchema.string()
              .minLength(16)
              .maxLength(128)
              .describe("The governance session; defaults to the one bound to this connection."));

  ToolDeclaration {
    requireNonNull(name, "name is null");
    requireNonNull(title, "title is null");
    requireNonNull(description, "description is null");
    roles = Set.copyOf(roles);
    requireNonNull(session, "session is null");
    requireNonNull(arguments, "arguments is null");
    requireNonNull(outputSchema, "outputSchema is null");
  }

  /** A session-bound tool whose result has {@code outputSchema}, written as JSON text. */
  static <A> ToolDeclaration<A> of(
      String name,
      String title,
      String description,
      Set<Role> roles,
      Arguments<A> arguments,
      String outputSchema) {
    return new ToolDeclaration<>(
        name, title, description, roles, SessionUse.BOUND, arguments, schema(outputSchema));
  }

  /** This declaration, with {@code session} instead. */
  ToolDeclaration<A> session(SessionUse use) {
    return new ToolDeclaration<>(name, title, description, roles, use, arguments, outputSchema);
  }

  /** The tool as {@code tools/list} shows it and as the gateway checks its calls. */
  ToolDescriptor descriptor() {
    List<Arg<?>> extra = session == SessionUse.BOUND ? List.of(SESSION_ID) : List.of();
    return new ToolDescriptor(
        name,
        title,
        description,
        arguments.schema(extra),
        outputSchema,
        roles,
        session == SessionUse.BOUND_WITH_SESSION_FILTER);
  }

  /** Parses schema text written in the tool's source. */
  static JsonObject schema(String text) {
    return (JsonObject) Json.parse(text);
  }
}
