package dev.atlasgate.plan;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.util.List;

/** Every finding of a lint run: errors stop a plan from being saved, warnings do not. */
public record LintReport(List<Finding> errors, List<Finding> warnings) {
  public LintReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean passed() {
    return errors.isEmpty();
  }

  /** {@code {passed, errors: [{code, message, pointer}], warnings: [...]}}. */
  public JsonObject toJson() {
    return JsonObject.builder()
        .put("passed", passed())
        .put("errors", array(errors))
        .put("warnings", array(warnings))
        .build();
  }

  private static JsonArray array(List<Finding> findings) {
    return new JsonArray(findings.stream().map(f -> (Json) f.toJson()).toList());
  }
}
