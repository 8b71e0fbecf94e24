package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Role;
import java.util.Set;

/**
 * A tool as clients see it in {@code tools/list}, and the roles that may call it.
 *
 * @param sessionIdIsFilter true when the tool's own {@code session_id} argument is a filter rather
 *     than the governance session handle
 */
public record ToolDescriptor(
    String name,
    String title,
    String description,
    JsonObject inputSchema,
    JsonObject outputSchema,
    Set<Role> roles,
    boolean sessionIdIsFilter) {

  public ToolDescriptor {
    requireNonNull(name, "name is null");
    requireNonNull(title, "title is null");
    requireNonNull(description, "description is null");
    requireNonNull(inputSchema, "inputSchema is null");
    requireNonNull(outputSchema, "outputSchema is null");
    roles = Set.copyOf(roles);
  }
}
