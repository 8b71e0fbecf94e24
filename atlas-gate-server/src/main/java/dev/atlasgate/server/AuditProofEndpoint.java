package dev.atlasgate.server;

import static java.util.Objects.requireNonNullElse;

import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.auth.Authority;
import dev.atlasgate.gateway.Principal;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /audit/checkpoint}, {@code /audit/proof/inclusion} and {@code
 * /audit/proof/consistency}: the latest signed checkpoint and RFC 9162 proofs, for the same callers
 * as the audit export.
 */
final class AuditProofEndpoint {
  static final String CHECKPOINT = "/audit/checkpoint";
  static final String INCLUSION = "/audit/proof/inclusion";
  static final String CONSISTENCY = "/audit/proof/consistency";

  private final Optional<Checkpointer> checkpointer;

  AuditProofEndpoint(Optional<Checkpointer> checkpointer) {
    this.checkpointer = checkpointer;
  }

  void handle(Exchange ex, Principal principal, boolean authRequired) {
    if (authRequired && !principal.has(Authority.AUDITOR) && !principal.has(Authority.OPERATOR)) {
      ex.error(403, "FORBIDDEN", "audit checkpoints and proofs need an AUDITOR or OPERATOR token");
      return;
    }
    if (!ex.method().equals("GET")) {
      ex.error(405, "METHOD_NOT_ALLOWED", ex.path() + " answers GET only");
      return;
    }
    if (checkpointer.isEmpty()) {
      ex.error(404, "NOT_FOUND", "checkpoints are off: the gateway has no ATLAS_CHECKPOINT_KEY");
      return;
    }
    Checkpointer checkpoints = checkpointer.get();
    try {
      switch (ex.path()) {
        case INCLUSION ->
            ex.json(
                200,
                checkpoints
                    .inclusion(number(ex.query(), "seq"), number(ex.query(), "size"))
                    .toJson());
        case CONSISTENCY ->
            ex.json(
                200,
                checkpoints
                    .consistency(number(ex.query(), "from"), number(ex.query(), "to"))
                    .toJson());
        default -> checkpoint(ex, checkpoints);
      }
    } catch (IllegalArgumentException e) {
      ex.error(400, "INVALID_ARGUMENT", requireNonNullElse(e.getMessage(), "invalid query"));
    }
  }

  private static void checkpoint(Exchange ex, Checkpointer checkpoints) {
    Optional<SignedCheckpoint> latest = checkpoints.latest();
    if (latest.isEmpty()) {
      latest = checkpoints.checkpointNow();
    }
    if (latest.isEmpty()) {
      ex.error(404, "NOT_FOUND", "no checkpoint yet: the audit log is empty");
      return;
    }
    ex.send(200, "text/plain; charset=utf-8", latest.get().note());
  }

  /** A required query parameter, a whole number of at least 1; the message names it. */
  static long number(Fields query, String name) {
    if (query.getValue(name) == null) {
      throw new IllegalArgumentException("query parameter " + name + " is required");
    }
    return AuditExportEndpoint.number(query, name, 1);
  }
}
