package dev.atlasgate.cli;

import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/**
 * An audit entry on one line, for a person to read: seq, time, principal/role, tool, what it was
 * about (a path, or a plan), and the result with its error code.
 */
final class AuditLine {
  private AuditLine() {}

  static String of(StoredEntry entry) {
    return switch (entry) {
      case StoredEntry.Readable r -> of(r.json());
      case StoredEntry.Unreadable u -> "# unreadable entry at " + u.position() + ": " + u.reason();
    };
  }

  static String of(JsonObject entry) {
    String who = entry.string("principal").orElse("-") + "/" + entry.string("role").orElse("-");
    String result =
        entry.string("result").orElse("?")
            + entry.string("error_code").map(code -> " " + code).orElse("");
    return String.format(
        "%6s  %-24s  %-28s  %-17s  %s  %s",
        seq(entry).map(Object::toString).orElse("?"),
        entry.string("ts").orElse("-"),
        who,
        entry.string("tool").orElse("-"),
        subject(entry),
        result);
  }

  /** The entry's seq, when it has a whole-number one. */
  static Optional<Long> seq(JsonObject entry) {
    return entry
        .get("seq")
        .filter(JsonNumber.class::isInstance)
        .map(j -> ((JsonNumber) j).value().longValue());
  }

  /** The path the call was about, and the plan it cited; "-" for neither. */
  private static String subject(JsonObject entry) {
    Optional<String> path = entry.object("args").flatMap(a -> a.string("path"));
    Optional<String> plan =
        entry.string("plan_hash").map(h -> "plan " + h.substring(0, Math.min(12, h.length())));
    if (path.isPresent()) {
      return path.get() + plan.map(p -> " (" + p + ")").orElse("");
    }
    return plan.orElse("-");
  }
}
