package dev.atlasgate.cli;

import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.StoredPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plan as a person reads it before approving it: what it is for, which files it may touch, in
 * which phases, what it must not do, how it is checked, its status, and what changed since the
 * previous version of its {@code plan_id}.
 */
final class PlanView {
  private PlanView() {}

  /** The whole text of {@code plan} of {@code workspace}, compared with {@code previous}. */
  static String render(Path workspace, StoredPlan plan, Optional<StoredPlan> previous) {
    List<String> lines = new ArrayList<>();
    Plan p = plan.plan();
    lines.add("plan " + plan.hash());
    lines.add("  " + p.planId() + " v" + p.version() + ": " + p.title());
    lines.add("  workspace  " + workspace);
    lines.add("  status     " + status(plan));
    lines.add("  created    " + plan.createdAt());
    section(lines, "Objective", List.of(p.objective()));
    lines.add("");
    lines.add("Scope");
    lines.addAll(labelled("  allow  ", p.scopeAllow()));
    lines.addAll(labelled("  deny   ", p.scopeDeny()));
    lines.add("");
    lines.add("Phases");
    for (Plan.Phase phase : p.phases()) {
      lines.add("  " + phase.phaseId() + ": " + phase.objective());
      lines.addAll(
          phase.allow().isEmpty()
              ? List.of("    allow  (the whole scope)")
              : labelled("    allow  ", phase.allow()));
    }
    section(lines, "Forbidden actions", p.forbiddenActions());
    section(lines, "Verification", p.verification());
    lines.add("");
    lines.addAll(PlanChanges.describe(plan, previous));
    return String.join(System.lineSeparator(), lines);
  }

  /** One line: the status and who moved it there, when. */
  static String status(StoredPlan plan) {
    return switch (plan.status()) {
      case DRAFT -> "DRAFT (not approved)";
      case APPROVED ->
          "APPROVED by "
              + plan.approvedBy().orElse("?")
              + " at "
              + plan.approvedAt().map(Object::toString).orElse("?");
      case REVOKED ->
          "REVOKED by "
              + plan.revokedBy().orElse("?")
              + " at "
              + plan.revokedAt().map(Object::toString).orElse("?")
              + plan.approvedBy().map(a -> " (approved by " + a + ")").orElse("");
    };
  }

  private static void section(List<String> lines, String title, List<String> items) {
    lines.add("");
    lines.add(title);
    if (items.isEmpty()) {
      lines.add("  (none)");
    }
    items.forEach(item -> lines.add("  " + item));
  }

  /** {@code label} before the first value, blanks of its width before the others. */
  private static List<String> labelled(String label, List<String> values) {
    if (values.isEmpty()) {
      return List.of(label + "(none)");
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      lines.add((i == 0 ? label : " ".repeat(label.length())) + values.get(i));
    }
    return lines;
  }
}
