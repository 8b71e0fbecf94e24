package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The human side of plans on the file stores: hashes typed short, plans found without {@code
 * --workspace}, a plan shown for reading, and approval that asks on a terminal.
 */
class PlanCommandTest {
  @TempDir Path temp;
  private String home;
  private Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    home = temp.resolve("home").toString();
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
  }

  static Plan plan(int version, String title, String extraGlob) {
    return Plan.parse(
        (JsonObject)
            Json.parse(
                """
        {"plan_id": "CLI_PLAN", "version": %d, "title": "%s", "objective": "Tidy the parser.",
         "scope": {"allow": ["src/**", "%s"], "deny": ["src/generated/**"]},
         "phases": [{"phase_id": "PARSER", "objective": "Rewrite the parser.",
                     "allow": ["src/parser/**"]},
                    {"phase_id": "DOCS", "objective": "Document it."}],
         "forbidden_actions": ["Touch the build files."],
         "verification": ["The parser tests pass."]}
        """
                    .formatted(version, title, extraGlob)));
  }

  /** Saves {@code plan} in {@code where} as the gateway's save_plan does, audited. */
  private String save(Path where, Plan plan) {
    Instant at = Instant.parse("2026-06-06T06:06:06Z");
    try (Wiring wiring =
        Wiring.open(SettingsLoader.load(Map.of(), Map.of("ATLAS_HOME", home), temp))) {
      wiring.plans().save(where, plan, "planner", at);
      wiring
          .audit()
          .append(
              new AuditEvent(
                  at,
                  "cli",
                  Optional.of("s1"),
                  Optional.of("planner"),
                  Optional.of("ANTIGRAVITY"),
                  "save_plan",
                  Optional.of(where.toString()),
                  Optional.of(plan.hash().value()),
                  Optional.empty(),
                  JsonObject.EMPTY,
                  true,
                  Optional.empty(),
                  1));
    }
    return plan.hash().value();
  }

  private CliRun run(String... args) {
    return CliRun.of(with(args));
  }

  private String[] with(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--atlas-home";
    all[args.length + 1] = home;
    return all;
  }

  @Test
  void approveRevokeShow_withoutWorkspace_findTheOnePlanTheHashNames() {
    String hash = save(workspace, plan(1, "Tidy", "docs/**"));

    CliRun approve = run("plan", "approve", hash, "--yes", "--approver", "carol");
    assertThat(approve.exit()).as(approve.err()).isZero();
    assertThat(approve.out()).contains("APPROVED CLI_PLAN v1 " + hash + " in " + workspace);
    CliRun show = run("plan", "show", hash, "--json");
    assertThat(show.out()).contains("\"status\":\"APPROVED\"", "\"approved_by\":\"carol\"");
    CliRun revoke = run("plan", "revoke", hash);
    assertThat(revoke.exit()).as(revoke.err()).isZero();
    assertThat(revoke.out()).startsWith("REVOKED");
    assertThat(run("plan", "list").out()).contains(hash, "REVOKED", "(" + workspace + ")");
  }

  @Test
  void aPrefixOfEightDigits_worksWhereverAHashIsTyped_andShorterIsRefused() {
    String hash = save(workspace, plan(1, "Tidy", "docs/**"));
    String prefix = hash.substring(0, 8);

    assertThat(run("plan", "show", prefix).out()).contains("plan " + hash);
    CliRun upper =
        run(
            "plan",
            "approve",
            prefix.toUpperCase(Locale.ROOT),
            "--yes",
            "--workspace",
            workspace.toString());
    assertThat(upper.exit()).as(upper.err()).isZero();
    assertThat(run("plan", "revoke", hash.substring(0, 20)).exit()).isZero();

    CliRun seven = run("plan", "show", hash.substring(0, 7));
    assertThat(seven.exit()).isEqualTo(1);
    assertThat(seven.err()).contains("[INVALID_ARGUMENT]", "first 8 or more hex digits");
    CliRun none = run("plan", "show", "0123abcd");
    assertThat(none.err())
        .contains(
            "[PLAN_NOT_FOUND]",
            "no plan 0123abcd",
            "in any workspace the gateway knows",
            "--workspace");
  }

  @Test
  void aHashInSeveralWorkspaces_isRefused_listingThem() throws Exception {
    Path other = Files.createDirectories(temp.resolve("other")).toRealPath();
    String hash = save(workspace, plan(1, "Tidy", "docs/**"));
    save(other, plan(1, "Tidy", "docs/**"));

    CliRun approve = run("plan", "approve", hash.substring(0, 10), "--yes");
    assertThat(approve.exit()).isEqualTo(1);
    assertThat(approve.err())
        .contains(
            "[INVALID_ARGUMENT] plan " + hash + " is in 2 workspaces",
            other.toString(),
            workspace.toString(),
            "--workspace");
    CliRun chosen = run("plan", "approve", hash, "--yes", "--workspace", other.toString());
    assertThat(chosen.exit()).as(chosen.err()).isZero();
    assertThat(chosen.out()).contains("in " + other);
  }

  @Test
  void show_rendersThePlanForReading_andWhatChangedSinceThePreviousVersion() {
    String first = save(workspace, plan(1, "Tidy", "docs/**"));
    run("plan", "approve", first, "--yes", "--approver", "carol");
    String second = save(workspace, plan(2, "Tidy the parser", "README.md"));

    CliRun show = run("plan", "show", second.substring(0, 8));
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out())
        .contains(
            "plan " + second,
            "CLI_PLAN v2: Tidy the parser",
            "workspace  " + workspace,
            "status     DRAFT (not approved)",
            "Objective\n  Tidy the parser.",
            "allow  src/**\n         README.md",
            "deny   src/generated/**",
            "PARSER: Rewrite the parser.\n    allow  src/parser/**",
            "DOCS: Document it.\n    allow  (the whole scope)",
            "Forbidden actions\n  Touch the build files.",
            "Verification\n  The parser tests pass.",
            "Changes since v1 (" + first.substring(0, 12) + ", APPROVED):",
            "~ title: \"Tidy\" -> \"Tidy the parser\"",
            "- scope.allow docs/**",
            "+ scope.allow README.md")
        .doesNotContain("{\"");
    CliRun approved = run("plan", "show", first);
    assertThat(approved.out())
        .contains("status     APPROVED by carol at ", "Changes: none, the first version");
  }

  @Test
  void approve_onATerminal_showsThePlanAndAsks() {
    String hash = save(workspace, plan(1, "Tidy", "docs/**"));

    CliRun no = CliRun.typing("n\n", with("plan", "approve", hash.substring(0, 8)));
    assertThat(no.exit()).isEqualTo(1);
    assertThat(no.out()).contains("CLI_PLAN v1: Tidy", "Scope", "Approve CLI_PLAN v1 (", "[y/N]");
    assertThat(no.err()).contains("not approved");
    assertThat(run("plan", "show", hash, "--json").out()).contains("\"status\":\"DRAFT\"");

    CliRun nothing = CliRun.typing("", with("plan", "approve", hash));
    assertThat(nothing.exit()).isEqualTo(1);

    CliRun yes = CliRun.typing("y\n", with("plan", "approve", hash, "--approver", "carol"));
    assertThat(yes.exit()).as(yes.err()).isZero();
    assertThat(yes.out()).contains("[y/N]", "APPROVED CLI_PLAN v1 " + hash);
    assertThat(run("plan", "list", "--status", PlanStatus.APPROVED.name()).out()).contains(hash);

    CliRun again = CliRun.typing("y\n", with("plan", "approve", hash));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).doesNotContain("[y/N]");
    assertThat(again.err()).contains("[INVALID_ARGUMENT]", "already approved by carol");
  }

  @Test
  void approve_notOnATerminal_withoutYes_isRefusedInOneLine() {
    String hash = save(workspace, plan(1, "Tidy", "docs/**"));
    CliRun run = run("plan", "approve", hash);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("not a terminal", "pass --yes");
    assertThat(run("plan", "show", hash, "--json").out()).contains("\"status\":\"DRAFT\"");
  }
}
