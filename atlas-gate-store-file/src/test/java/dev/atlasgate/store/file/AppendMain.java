package dev.atlasgate.store.file;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** A second gateway process for tests: appends N entries to an audit file, then exits. */
public final class AppendMain {
  private AppendMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    String instance = args[2];
    try (FileAuditLog log = FileAuditLog.open(file)) {
      for (int i = 0; i < count; i++) {
        log.append(
            new AuditEvent(
                Instant.now(),
                instance,
                Optional.empty(),
                Optional.of("child"),
                Optional.empty(),
                "read_file",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                JsonObject.builder().put("i", i).build(),
                true,
                Optional.empty(),
                0));
      }
    }
  }
}
