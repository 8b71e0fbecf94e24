package dev.atlasgate.cli;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.server.Wiring;
import dev.atlasgate.server.config.SettingsLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atlas-gate plan}: the human side of plans — list, show, approve, revoke. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Lists, shows, approves and revokes plans (approval is a human act, audited).")
final class PlanCommand {
  @Spec CommandSpec spec;

  /** The options every plan subcommand takes. */
  static final class Target {
    @Mixin ConfigOptions config;

    @Option(
        names = "--workspace",
        paramLabel = "DIR",
        required = true,
        description = "The workspace whose plans these are.")
    Path workspace;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists plans, newest first.")
  int list(
      @Mixin Target target,
      @Option(
              names = "--status",
              paramLabel = "STATUS",
              description = "DRAFT, APPROVED or REVOKED.")
          String status,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    Optional<PlanStatus> filter =
        Optional.ofNullable(status).map(s -> PlanStatus.valueOf(s.toUpperCase(Locale.ROOT)));
    try (Wiring wiring = wiring(target)) {
      List<StoredPlan> plans = wiring.plans().list(real(target), filter);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            new JsonArray(plans.stream().map(p -> (Json) p.summaryJson()).toList()).write());
      } else {
        plans.forEach(
            p ->
                out.printf(
                    "%s  %-8s  %s v%d  %s%n",
                    p.hash(), p.status(), p.plan().planId(), p.plan().version(), p.plan().title()));
      }
    }
    return 0;
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Prints a plan and its status.")
  int show(@Mixin Target target, @Parameters(paramLabel = "HASH") String hash) {
    try (Wiring wiring = wiring(target)) {
      StoredPlan plan =
          wiring
              .plans()
              .find(real(target), parse(hash))
              .orElseThrow(
                  () ->
                      new GateException(
                          ErrorCode.PLAN_NOT_FOUND,
                          "no plan " + hash + " in workspace " + target.workspace));
      spec.commandLine()
          .getOut()
          .println(plan.summaryJson().with("plan", plan.plan().document()).write());
    }
    return 0;
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approves a DRAFT plan, so that executors may write what it names.")
  int approve(
      @Mixin Target target,
      @Parameters(paramLabel = "HASH") String hash,
      @Option(
              names = "--approver",
              paramLabel = "NAME",
              description = "Who approves (default: the OS user).")
          String approver) {
    try (Wiring wiring = wiring(target)) {
      StoredPlan plan =
          wiring.operatorActions().approve(real(target), parse(hash), operator(approver));
      report(plan);
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
      StoredPlan plan =
          wiring.operatorActions().revoke(real(target), parse(hash), operator(approver));
      report(plan);
    }
    return 0;
  }

  private void report(StoredPlan plan) {
    JsonObject summary = plan.summaryJson();
    spec.commandLine().getOut().println(plan.hash() + " " + plan.status() + " " + summary.write());
  }

  private static Wiring wiring(Target target) {
    return Wiring.open(
        SettingsLoader.load(
            System.getenv(),
            target.config.asVariables(),
            Path.of(System.getProperty("user.home"))));
  }

  private static Path real(Target target) {
    Path absolute = target.workspace.toAbsolutePath();
    try {
      return absolute.toRealPath();
    } catch (java.io.IOException e) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID, "workspace " + absolute + " does not exist");
    }
  }

  private static PlanHash parse(String hash) {
    return PlanHash.parse(hash)
        .orElseThrow(
            () ->
                new GateException(
                    ErrorCode.INVALID_ARGUMENT,
                    "HASH must be 64 lowercase hex digits, not \"" + hash + "\""));
  }

  private static String operator(String approver) {
    return approver != null && !approver.isBlank() ? approver : System.getProperty("user.name");
  }
}
