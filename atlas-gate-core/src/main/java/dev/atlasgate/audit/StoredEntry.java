package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;

/**
 * An entry as a backend holds it, as raw as possible, so that verification sees any member that was
 * added, removed or edited.
 */
public sealed interface StoredEntry {

  /** An entry that is at least a JSON object. */
  // Always named as StoredEntry.Readable, so it is never taken for java.lang.Readable.
  @SuppressWarnings("AvoidCommonTypeNames")
  record Readable(JsonObject json) implements StoredEntry {
    public Readable {
      requireNonNull(json, "json is null");
    }
  }

  /** Something in the log that is not a JSON object, at a 1-based position (line or row). */
  record Unreadable(long position, String reason) implements StoredEntry {
    public Unreadable {
      requireNonNull(reason, "reason is null");
    }
  }
}
