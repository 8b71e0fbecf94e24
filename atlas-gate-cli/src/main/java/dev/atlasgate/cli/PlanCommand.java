package dev.atlasgate.cli;

import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.StoredPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atlas-gate plan}: the human side of plans — list, show, approve, revoke. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Lists, shows, approves and revokes plans (approval is a human act, audited).",
      "HASH may be a plan hash or its first 8 or more hex digits. Without --workspace, the plan"
          + " is looked for in every workspace the gateway knows (PostgreSQL's plans, or the"
          + " workspaces of the audit log and ATLAS_WORKSPACES)."
    })
final class PlanCommand {
  @Spec CommandSpec spec;

  @ParentCommand AtlasGate root;

  /** The options every plan subcommand takes. */
  static final class Target {
    @Mixin ConfigOptions config;

    @Option(
        names = "--workspace",
        paramLabel = "DIR",
        description = "The workspace whose plans these are (default: wherever HASH is).")
    Path workspace;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists plans, newest first (every known workspace's without --workspace).")
  int list(
      @Mixin Target target,
      @Option(
              names = "--status",
              paramLabel = "STATUS",
              description = "DRAFT, APPROVED or REVOKED.")
          String status,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    Optional<PlanStatus> filter = Optional.ofNullable(status).map(PlanCommand::status);
    try (Wiring wiring = wiring(target)) {
      Collection<Path> where =
          target.workspace != null ? List.of(real(target)) : finder(wiring).workspaces();
      PrintWriter out = spec.commandLine().getOut();
      List<Json> all = new java.util.ArrayList<>();
      for (Path workspace : where) {
        for (StoredPlan p : wiring.plans().list(workspace, filter)) {
          all.add(p.summaryJson().with("workspace", Json.of(workspace.toString())));
          if (!json) {
            out.printf(
                "%s  %-8s  %s v%d  %s%s%n",
                p.hash(),
                p.status(),
                p.plan().planId(),
                p.plan().version(),
                p.plan().title(),
                target.workspace != null ? "" : "  (" + workspace + ")");
          }
        }
      }
      if (json) {
        out.println(new JsonArray(all).write());
      }
    }
    return 0;
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Shows a plan for reading, with its status and what changed since its"
              + " previous version.")
  int show(
      @Mixin Target target,
      @Parameters(paramLabel = "HASH") String hash,
      @Option(names = "--json", description = "Print the stored plan as JSON.") boolean json) {
    try (Wiring wiring = wiring(target)) {
      PlanFinder.Found found = finder(wiring).find(workspace(target), hash);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            found
                .plan()
                .summaryJson()
                .with("workspace", Json.of(found.workspace().toString()))
                .with("plan", found.plan().plan().document())
                .write());
      } else {
        out.println(view(wiring, found));
      }
    }
    return 0;
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approves a DRAFT plan, so that executors may write what it names.",
        "On a terminal it shows the plan and asks first; elsewhere it needs --yes."
      })
  int approve(
      @Mixin Target target,
      @Parameters(paramLabel = "HASH") String hash,
      @Option(
              names = "--approver",
              paramLabel = "NAME",
              description = "Who approves (default: the OS user).")
          String approver,
      @Option(names = "--yes", description = "Approve without asking (for scripts).") boolean yes) {
    try (Wiring wiring = wiring(target)) {
      PlanFinder.Found found = finder(wiring).find(workspace(target), hash);
      // Only a DRAFT can be approved: anything else is refused (and audited) without asking.
      boolean ask = !yes && found.plan().status() == PlanStatus.DRAFT;
      if (ask && !confirmed(wiring, found, operator(approver))) {
        return AtlasGate.REFUSED;
      }
      StoredPlan plan =
          wiring
              .operatorActions()
              .approve(found.workspace(), found.plan().hash(), operator(approver));
      report(found.workspace(), plan);
    }
    return 0;
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a plan; writes citing it are refused from now on.")
  int revoke(
      @Mixin Target target,
      @Parameters(paramLabel = "HASH") String hash,
      @Option(
              names = "--approver",
              paramLabel = "NAME",
              description = "Who revokes (default: the OS user).")
          String approver) {
    try (Wiring wiring = wiring(target)) {
      PlanFinder.Found found = finder(wiring).find(workspace(target), hash);
      StoredPlan plan =
          wiring
              .operatorActions()
              .revoke(found.workspace(), found.plan().hash(), operator(approver));
      report(found.workspace(), plan);
    }
    return 0;
  }

  /** On a terminal: shows the plan and asks. Elsewhere: refuses, saying to pass --yes. */
  private boolean confirmed(Wiring wiring, PlanFinder.Found found, String approver) {
    String hash = found.plan().hash().value();
    if (!root.terminal.present()) {
      throw new UsageException(
          "plan approve asks before it approves, and this is not a terminal: pass --yes to"
              + " approve "
              + hash
              + " from a script");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(view(wiring, found));
    out.println();
    boolean yes =
        root.terminal.confirm(
            out,
            "Approve "
                + found.plan().plan().planId()
                + " v"
                + found.plan().plan().version()
                + " ("
                + hash.substring(0, 12)
                + ") for "
                + found.workspace()
                + " as "
                + approver
                + "?");
    if (!yes) {
      spec.commandLine().getErr().println("atlas-gate: not approved; " + hash + " stays DRAFT");
    }
    return yes;
  }

  private static String view(Wiring wiring, PlanFinder.Found found) {
    List<StoredPlan> all = wiring.plans().list(found.workspace(), Optional.empty());
    return PlanView.render(
        found.workspace(), found.plan(), PlanChanges.previous(found.plan(), all));
  }

  private void report(Path workspace, StoredPlan plan) {
    spec.commandLine()
        .getOut()
        .printf(
            "%s %s v%d %s in %s: %s%n",
            plan.status(),
            plan.plan().planId(),
            plan.plan().version(),
            plan.hash(),
            workspace,
            PlanView.status(plan));
  }

  private static Wiring wiring(Target target) {
    return Wiring.open(target.config.settings());
  }

  /** The finder over this gateway's plans, knowing the workspaces the gateway has seen. */
  private static PlanFinder finder(Wiring wiring) {
    return new PlanFinder(wiring.plans(), () -> known(wiring));
  }

  /**
   * The workspaces the gateway knows without a store that lists them: each that a call of the audit
   * log named, and each allowed root (which may itself be a workspace).
   */
  private static Collection<Path> known(Wiring wiring) {
    Set<String> named = new TreeSet<>();
    wiring.settings().workspaces().roots().forEach(r -> named.add(r.toString()));
    try (Stream<StoredEntry> entries = wiring.audit().entries(1)) {
      entries.forEach(
          e -> {
            if (e instanceof StoredEntry.Readable r) {
              r.json().string("workspace_root").ifPresent(named::add);
            }
          });
    }
    Set<Path> workspaces = new TreeSet<>();
    for (String name : named) {
      try {
        workspaces.add(Path.of(name).toRealPath());
      } catch (IOException | RuntimeException e) {
        // gone since: no plan can be found there
      }
    }
    return workspaces;
  }

  private static Optional<Path> workspace(Target target) {
    return target.workspace == null ? Optional.empty() : Optional.of(real(target));
  }

  private static Path real(Target target) {
    Path absolute = target.workspace.toAbsolutePath();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID, "workspace " + absolute + " does not exist");
    }
  }

  private static PlanStatus status(String value) {
    try {
      return PlanStatus.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--status must be DRAFT, APPROVED or REVOKED, not \"" + value + "\"");
    }
  }

  private static String operator(String approver) {
    return approver != null && !approver.isBlank() ? approver : System.getProperty("user.name");
  }
}
