package dev.atlasgate.server;

import dev.atlasgate.auth.Authority;
import dev.atlasgate.error.GateException;
import dev.atlasgate.gateway.OperatorActions;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's endpoints: {@code POST /admin/plans/{hash}/approve|revoke} and {@code DELETE
 * /admin/sessions/{id}}. They need an OPERATOR token, so they are closed while authentication is
 * off: a gateway that trusts everyone must not let an agent approve its own plan.
 */
final class AdminEndpoint {
  private static final Pattern PLAN = Pattern.compile("^/admin/plans/([^/]+)/(approve|revoke)$");
  private static final Pattern SESSION = Pattern.compile("^/admin/sessions/([^/]+)$");
  private static final int MAX_BODY = 64 * 1024;

  private final OperatorActions operator;
  private final SessionStore sessions;

  AdminEndpoint(OperatorActions operator, SessionStore sessions) {
    this.operator = operator;
    this.sessions = sessions;
  }

  void handle(Exchange ex, Principal principal, boolean authRequired) throws IOException {
    if (!authRequired) {
      ex.error(
          403,
          "FORBIDDEN",
          "admin endpoints need REQUIRE_AUTH=true and an OPERATOR token;"
              + " locally, use 'atlas-gate plan approve'");
      return;
    }
    if (!principal.has(Authority.OPERATOR)) {
      ex.error(403, "FORBIDDEN", "this needs an OPERATOR token");
      return;
    }
    Matcher plan = PLAN.matcher(ex.path());
    Matcher session = SESSION.matcher(ex.path());
    if (plan.matches() && ex.method().equals("POST")) {
      plan(ex, principal, plan.group(1), plan.group(2));
    } else if (session.matches() && ex.method().equals("DELETE")) {
      endSession(ex, session.group(1));
    } else {
      ex.error(404, "NOT_FOUND", "no admin endpoint " + ex.method() + " " + ex.path());
    }
  }

  private void plan(Exchange ex, Principal principal, String hash, String action)
      throws IOException {
    Optional<PlanHash> planHash = PlanHash.parse(hash);
    if (planHash.isEmpty()) {
      ex.error(400, "INVALID_ARGUMENT", "plan hash must be 64 lowercase hex digits");
      return;
    }
    Optional<JsonObject> body = body(ex);
    Optional<String> workspace =
        body.flatMap(b -> b.string("workspace"))
            .or(() -> Optional.ofNullable(ex.query().getValue("workspace")));
    if (workspace.isEmpty()) {
      ex.error(400, "INVALID_ARGUMENT", "workspace is required: the workspace the plan belongs to");
      return;
    }
    try {
      StoredPlan result =
          action.equals("approve")
              ? operator.approve(Path.of(workspace.get()), planHash.get(), principal.name())
              : operator.revoke(Path.of(workspace.get()), planHash.get(), principal.name());
      ex.json(200, result.summaryJson());
    } catch (GateException e) {
      if (ToolResult.Refused.isFault(e.code())) {
        throw e; // answered where every server fault is: with a correlation id, not its text
      }
      int status =
          switch (e.code()) {
            case PLAN_NOT_FOUND -> 404;
            case AUDIT_UNAVAILABLE -> 503;
            case INVALID_ARGUMENT, WORKSPACE_INVALID -> 409;
            default -> 500;
          };
      ex.error(status, e.code().name(), e.getMessage());
    }
  }

  private void endSession(Exchange ex, String id) {
    if (!SessionId.isValid(id) || !sessions.delete(new SessionId(id))) {
      ex.error(404, "SESSION_EXPIRED", "no session " + id);
      return;
    }
    ex.empty(204);
  }

  private static Optional<JsonObject> body(Exchange ex) throws IOException {
    Optional<byte[]> bytes = ex.body(MAX_BODY);
    if (bytes.isEmpty() || bytes.get().length == 0) {
      return Optional.empty();
    }
    try {
      return Json.parse(new String(bytes.get(), StandardCharsets.UTF_8)) instanceof JsonObject o
          ? Optional.of(o)
          : Optional.empty();
    } catch (JsonException e) {
      return Optional.empty();
    }
  }
}
