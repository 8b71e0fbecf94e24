package dev.atlasgate.plan;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;

/**
 * One lint finding.
 *
 * @param pointer the RFC 6901 JSON Pointer of the offending value ("" for the whole plan)
 */
public record Finding(String code, String message, String pointer) {
  public Finding {
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
    requireNonNull(pointer, "pointer is null");
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("code", code)
        .put("message", message)
        .put("pointer", pointer)
        .build();
  }
}
