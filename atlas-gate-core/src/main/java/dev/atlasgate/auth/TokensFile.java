package dev.atlasgate.auth;

import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the least-privilege token file ({@code ATLAS_TOKENS_FILE}):
 *
 * <pre>{"tokens": [{"sha256": "…64 hex…", "principal": "ci-bot", "roles": ["WINDSURF"],
 *   "workspaces": ["/srv/repos/app"]}]}</pre>
 *
 * <p>{@code roles} may hold {@code ANTIGRAVITY}, {@code WINDSURF}, {@code OPERATOR} and {@code
 * AUDITOR}; {@code workspaces} absent means any workspace the gateway allows.
 */
public final class TokensFile {
  private TokensFile() {}

  /** Parses the file's text; the message of a failure names the entry and the field. */
  public static List<TokenGrant> parse(String text) {
    Json json;
    try {
      json = Json.parse(text);
    } catch (JsonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (!(json instanceof JsonObject root)
        || !(root.get("tokens").orElse(null) instanceof JsonArray tokens)) {
      throw new IllegalArgumentException("expected {\"tokens\": [...]}");
    }
    List<TokenGrant> grants = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      grants.add(grant(tokens.get(i), "tokens[" + i + "]"));
    }
    return grants;
  }

  private static TokenGrant grant(Json value, String at) {
    if (!(value instanceof JsonObject entry)) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    String sha256 =
        entry
            .string("sha256")
            .orElseThrow(() -> new IllegalArgumentException(at + ".sha256 is required"));
    String principal =
        entry
            .string("principal")
            .orElseThrow(() -> new IllegalArgumentException(at + ".principal is required"));
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Set<Authority> authorities = EnumSet.noneOf(Authority.class);
    for (String role : strings(entry, "roles", at)) {
      switch (role) {
        case "ANTIGRAVITY" -> roles.add(Role.ANTIGRAVITY);
        case "WINDSURF" -> roles.add(Role.WINDSURF);
        case "OPERATOR" -> authorities.add(Authority.OPERATOR);
        case "AUDITOR" -> authorities.add(Authority.AUDITOR);
        default ->
            throw new IllegalArgumentException(
                at + ".roles: \"" + role + "\" is not ANTIGRAVITY, WINDSURF, OPERATOR or AUDITOR");
      }
    }
    WorkspaceRoots workspaces =
        entry.has("workspaces")
            ? WorkspaceRoots.only(strings(entry, "workspaces", at).stream().map(Path::of).toList())
            : WorkspaceRoots.anyDirectory();
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(at + ".sha256 must be 64 lowercase hex digits");
    }
    return new TokenGrant(sha256, principal, roles, authorities, workspaces);
  }

  private static List<String> strings(JsonObject entry, String name, String at) {
    if (!(entry.get(name).orElse(JsonArray.EMPTY) instanceof JsonArray array)) {
      throw new IllegalArgumentException(at + "." + name + " must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (Json item : array.elements()) {
      if (!(item instanceof JsonString s)) {
        throw new IllegalArgumentException(at + "." + name + " must be an array of strings");
      }
      values.add(s.value());
    }
    return values;
  }
}
