package dev.atlasgate.cli;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds the plan a person means by a hash, or by its first 8 or more hex digits, in one workspace
 * or, without one, in every workspace the gateway knows: the store's own list where it keeps one
 * (PostgreSQL), else the workspaces that {@code known} names (those of the audit log and the
 * allowed roots). A hash that names no plan, or more than one, is refused with the candidates.
 */
final class PlanFinder {
  /** The fewest hex digits a person may type for a hash. */
  static final int MIN_PREFIX = 8;

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + MIN_PREFIX + ",64}");

  private final PlanStore plans;
  private final Supplier<Collection<Path>> known;

  /** A plan and the workspace it belongs to. */
  record Found(Path workspace, StoredPlan plan) {}

  PlanFinder(PlanStore plans, Supplier<Collection<Path>> known) {
    this.plans = requireNonNull(plans, "plans is null");
    this.known = requireNonNull(known, "known is null");
  }

  /** The one plan {@code typed} names, in {@code workspace} or in any known workspace. */
  Found find(Optional<Path> workspace, String typed) {
    String prefix = prefix(typed);
    Collection<Path> where = workspace.<Collection<Path>>map(List::of).orElseGet(this::workspaces);
    List<Found> matches = new ArrayList<>();
    for (Path root : where) {
      candidates(root, prefix).forEach(p -> matches.add(new Found(root, p)));
    }
    if (matches.isEmpty()) {
      throw new GateException(
          ErrorCode.PLAN_NOT_FOUND,
          "no plan "
              + prefix
              + (prefix.length() < 64 ? "…" : "")
              + workspace
                  .map(w -> " in workspace " + w)
                  .orElse(" in any workspace the gateway knows (" + where.size() + " looked at)")
              + (workspace.isEmpty() ? "; name one with --workspace" : ""));
    }
    if (matches.stream().map(f -> f.plan().hash()).distinct().count() > 1) {
      throw ambiguous(prefix, matches);
    }
    if (matches.size() > 1) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT,
          "plan "
              + matches.getFirst().plan().hash()
              + " is in "
              + matches.size()
              + " workspaces: "
              + String.join(", ", matches.stream().map(f -> f.workspace().toString()).toList())
              + "; name one with --workspace");
    }
    return matches.getFirst();
  }

  /** The workspaces to look in without --workspace. */
  Collection<Path> workspaces() {
    return plans.workspaces().<Collection<Path>>map(w -> w).orElseGet(known);
  }

  private List<StoredPlan> candidates(Path workspace, String prefix) {
    if (prefix.length() == 64) {
      return plans.find(workspace, new PlanHash(prefix)).stream().toList();
    }
    return plans.list(workspace, Optional.empty()).stream()
        .filter(p -> p.hash().value().startsWith(prefix))
        .toList();
  }

  private static String prefix(String typed) {
    String prefix = typed.strip().toLowerCase(Locale.ROOT);
    if (!HEX.matcher(prefix).matches()) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT,
          "HASH must be a plan hash or its first "
              + MIN_PREFIX
              + " or more hex digits, not \""
              + typed
              + "\"");
    }
    return prefix;
  }

  private static GateException ambiguous(String prefix, List<Found> matches) {
    List<String> candidates =
        matches.stream()
            .map(
                f ->
                    f.plan().hash()
                        + " ("
                        + f.plan().plan().planId()
                        + " v"
                        + f.plan().plan().version()
                        + ", "
                        + f.workspace()
                        + ")")
            .toList();
    return new GateException(
        ErrorCode.INVALID_ARGUMENT,
        prefix
            + " is the start of "
            + matches.size()
            + " plans: "
            + String.join(", ", candidates)
            + "; type more digits");
  }
}
