package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** Audit events for the tests, and the Java verification of a log. */
final class Events {
  private Events() {}

  /** An event of {@code instance}, numbered {@code n} in its args, refused every fifth time. */
  static AuditEvent event(String instance, String tool, int n) {
    return new AuditEvent(
        Instant.parse("2026-03-01T10:00:00.123Z").plusMillis(n),
        instance,
        Optional.of("session-" + (n % 7)),
        Optional.of("alice"),
        Optional.of("WINDSURF"),
        tool,
        Optional.of("/srv/work"),
        Optional.empty(),
        Optional.empty(),
        JsonObject.builder().put("path", "src/file-" + n + ".txt").put("n", n).build(),
        n % 5 != 0,
        n % 5 != 0 ? Optional.empty() : Optional.of("PATH_OUTSIDE_WORKSPACE"),
        n % 100);
  }

  /** {@link ChainVerifier} over the whole log, against the head the log keeps. */
  static Verification verify(PostgresAuditLog log) {
    try (Stream<StoredEntry> entries = log.entries(1)) {
      return ChainVerifier.verify(entries, Optional.of(log.head()));
    }
  }

  static Verification verifyWithoutHead(AuditLog log) {
    try (Stream<StoredEntry> entries = log.entries(1)) {
      return ChainVerifier.verify(entries);
    }
  }
}
