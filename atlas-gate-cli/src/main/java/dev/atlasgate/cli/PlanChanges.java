package dev.atlasgate.cli;

import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.StoredPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What changed from one version of a plan to the next, line by line, for a person to review. */
final class PlanChanges {
  private PlanChanges() {}

  /** The previous version of {@code plan}'s plan_id among {@code plans}: the newest older one. */
  static Optional<StoredPlan> previous(StoredPlan plan, List<StoredPlan> plans) {
    return plans.stream()
        .filter(p -> p.plan().planId().equals(plan.plan().planId()))
        .filter(p -> p.plan().version() < plan.plan().version())
        .max(
            java.util.Comparator.comparingLong((StoredPlan p) -> p.plan().version())
                .thenComparing(StoredPlan::createdAt));
  }

  /** The changes since {@code previous}, headed by a line naming it; or that there is none. */
  static List<String> describe(StoredPlan plan, Optional<StoredPlan> previous) {
    if (previous.isEmpty()) {
      return List.of("Changes: none, the first version of " + plan.plan().planId() + " here");
    }
    Plan was = previous.get().plan();
    Plan now = plan.plan();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Changes since v"
            + was.version()
            + " ("
            + previous.get().hash().value().substring(0, 12)
            + ", "
            + previous.get().status()
            + "):");
    text(lines, "title", was.title(), now.title());
    text(lines, "objective", was.objective(), now.objective());
    items(lines, "scope.allow", was.scopeAllow(), now.scopeAllow());
    items(lines, "scope.deny", was.scopeDeny(), now.scopeDeny());
    phases(lines, was, now);
    items(lines, "forbidden_actions", was.forbiddenActions(), now.forbiddenActions());
    items(lines, "verification", was.verification(), now.verification());
    if (lines.size() == 1) {
      lines.add("  (the same content under another version number)");
    }
    return lines;
  }

  private static void phases(List<String> lines, Plan was, Plan now) {
    Map<String, Plan.Phase> before = byId(was);
    Map<String, Plan.Phase> after = byId(now);
    before.keySet().stream()
        .filter(id -> !after.containsKey(id))
        .forEach(id -> lines.add("  - phase " + id));
    for (Plan.Phase phase : after.values()) {
      Plan.Phase old = before.get(phase.phaseId());
      String name = "phase " + phase.phaseId();
      if (old == null) {
        lines.add("  + " + name + ": " + phase.objective() + allow(phase));
        continue;
      }
      text(lines, name + " objective", old.objective(), phase.objective());
      items(lines, name + " allow", old.allow(), phase.allow());
    }
  }

  private static String allow(Plan.Phase phase) {
    return phase.allow().isEmpty() ? "" : " (allow " + String.join(", ", phase.allow()) + ")";
  }

  private static Map<String, Plan.Phase> byId(Plan plan) {
    Map<String, Plan.Phase> phases = new LinkedHashMap<>();
    plan.phases().forEach(p -> phases.put(p.phaseId(), p));
    return phases;
  }

  private static void text(List<String> lines, String what, String was, String now) {
    if (!Objects.equals(was, now)) {
      lines.add("  ~ " + what + ": \"" + was + "\" -> \"" + now + "\"");
    }
  }

  private static void items(List<String> lines, String what, List<String> was, List<String> now) {
    was.stream().filter(v -> !now.contains(v)).forEach(v -> lines.add("  - " + what + " " + v));
    now.stream().filter(v -> !was.contains(v)).forEach(v -> lines.add("  + " + what + " " + v));
  }
}
