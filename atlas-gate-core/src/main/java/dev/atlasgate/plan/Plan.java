package dev.atlasgate.plan;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.util.List;
import java.util.Optional;

/**
 * A plan that passed lint: the document exactly as hashed, and its parts read out of it.
 *
 * <p>A plan never changes: a different document is a different plan with a different hash.
 */
public record Plan(
    JsonObject document,
    String planId,
    long version,
    String title,
    String objective,
    List<String> scopeAllow,
    List<String> scopeDeny,
    List<Phase> phases,
    List<String> forbiddenActions,
    List<String> verification) {

  public Plan {
    requireNonNull(document, "document is null");
    requireNonNull(planId, "planId is null");
    requireNonNull(title, "title is null");
    requireNonNull(objective, "objective is null");
    scopeAllow = List.copyOf(scopeAllow);
    scopeDeny = List.copyOf(scopeDeny);
    phases = List.copyOf(phases);
    forbiddenActions = List.copyOf(forbiddenActions);
    verification = List.copyOf(verification);
  }

  /** One phase of a plan; an empty {@code allow} means the whole scope of the plan. */
  public record Phase(String phaseId, String objective, List<String> allow) {
    public Phase {
      requireNonNull(phaseId, "phaseId is null");
      requireNonNull(objective, "objective is null");
      allow = List.copyOf(allow);
    }
  }

  /** Lints {@code document} and reads it; throws {@link PlanLintException} with every finding. */
  public static Plan parse(JsonObject document) {
    LintReport report = PlanLinter.lint(document);
    if (!report.passed()) {
      throw new PlanLintException(report);
    }
    JsonObject scope = document.object("scope").orElseThrow();
    return new Plan(
        document,
        document.string("plan_id").orElseThrow(),
        ((JsonNumber) document.get("version").orElseThrow()).value().longValueExact(),
        document.string("title").orElseThrow(),
        document.string("objective").orElseThrow(),
        strings(scope, "allow"),
        strings(scope, "deny"),
        ((JsonArray) document.get("phases").orElseThrow())
            .elements().stream().map(p -> phase((JsonObject) p)).toList(),
        strings(document, "forbidden_actions"),
        strings(document, "verification"));
  }

  public PlanHash hash() {
    return PlanHash.of(document);
  }

  public Optional<Phase> phase(String phaseId) {
    return phases.stream().filter(p -> p.phaseId().equals(phaseId)).findFirst();
  }

  private static Phase phase(JsonObject phase) {
    return new Phase(
        phase.string("phase_id").orElseThrow(),
        phase.string("objective").orElseThrow(),
        strings(phase, "allow"));
  }

  private static List<String> strings(JsonObject object, String name) {
    return object
        .get(name)
        .map(j -> ((JsonArray) j).elements().stream().map(e -> ((JsonString) e).value()).toList())
        .orElse(List.of());
  }
}
