package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.file.FilePlanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code atlas-gate} commands other than the servers, run in process. */
class CommandLineTest {
  @TempDir Path temp;
  private Path home;
  private Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    home = temp.resolve("home");
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
  }

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private AuditHead appendEntries(int n) {
    try (FileAuditLog log = FileAuditLog.open(home.resolve("audit.jsonl"))) {
      for (int i = 1; i <= n; i++) {
        log.append(
            new AuditEvent(
                Instant.parse("2026-06-06T06:06:06Z"),
                "cli",
                Optional.of("s" + (i % 2)),
                Optional.of("alice"),
                Optional.of("WINDSURF"),
                i % 2 == 0 ? "write_file" : "read_file",
                Optional.of("/w"),
                Optional.empty(),
                Optional.empty(),
                JsonObject.EMPTY,
                true,
                Optional.empty(),
                1));
      }
      return log.head();
    }
  }

  @Test
  void auditVerify_exitCodes() throws Exception {
    AuditHead head = appendEntries(5);
    CliRun valid = run("audit", "verify", "--atlas-home", home.toString());
    assertThat(valid.exit()).isZero();
    assertThat(valid.out()).contains("valid: 5 entries, head seq 5 hash " + head.hash());

    CliRun json = run("audit", "verify", "--json", "--atlas-home", home.toString());
    assertThat(((JsonObject) Json.parse(json.out().trim())).get("head_seq")).contains(Json.of(5L));

    CliRun wrongHead =
        run("audit", "verify", "--atlas-home", home.toString(), "--head", "6:" + "a".repeat(64));
    assertThat(wrongHead.exit()).isEqualTo(1);
    assertThat(wrongHead.out()).contains("HEAD_MISMATCH");

    Path file = home.resolve("audit.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(2);
    Files.write(file, lines);
    CliRun broken = run("audit", "verify", "--file", file.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.out()).contains("first_invalid_seq 3", "SEQ_GAP");

    CliRun missing = run("audit", "verify", "--file", temp.resolve("nope.jsonl").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist");
  }

  @Test
  void auditExportAndTail() {
    appendEntries(6);
    CliRun jsonl = run("audit", "export", "--atlas-home", home.toString(), "--tool", "write_file");
    assertThat(jsonl.exit()).isZero();
    assertThat(jsonl.out().lines())
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("\"tool\":\"write_file\""));
    CliRun json =
        run(
            "audit",
            "export",
            "--atlas-home",
            home.toString(),
            "--format",
            "json",
            "--from-seq",
            "2",
            "--to-seq",
            "4");
    assertThat(((JsonArray) Json.parse(json.out())).size()).isEqualTo(3);
    CliRun csv =
        run(
            "audit",
            "export",
            "--atlas-home",
            home.toString(),
            "--format",
            "csv",
            "--session-id",
            "s1");
    assertThat(csv.out().split("\r\n")).hasSize(4);
    CliRun bad = run("audit", "export", "--atlas-home", home.toString(), "--format", "xml");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("jsonl, json or csv");
    CliRun tail = run("audit", "tail", "-n", "2", "--json", "--atlas-home", home.toString());
    assertThat(tail.out().lines()).hasSize(2).first().asString().contains("\"seq\":5");
  }

  @Test
  void planCommands_listShowApproveRevoke_audited() {
    Plan plan =
        Plan.parse(
            (JsonObject)
                Json.parse(
                    """
        {"plan_id": "CLI_PLAN", "version": 1, "title": "A plan", "objective": "Do a thing.",
         "scope": {"allow": ["src/**"]}, "phases": [{"phase_id": "ONE", "objective": "Do it."}],
         "verification": ["It is done."]}
        """));
    try (FilePlanStore store = FilePlanStore.create(home.resolve("plans"))) {
      store.save(workspace, plan, "planner", Instant.now());
    }
    String hash = plan.hash().value();
    String ws = workspace.toString();
    String atlasHome = home.toString();

    CliRun list = run("plan", "list", "--workspace", ws, "--atlas-home", atlasHome);
    assertThat(list.out()).contains(hash, "DRAFT", "CLI_PLAN v1");
    CliRun show = run("plan", "show", hash, "--workspace", ws, "--atlas-home", atlasHome, "--json");
    assertThat(show.out()).contains("\"plan_id\":\"CLI_PLAN\"", "\"status\":\"DRAFT\"");

    CliRun approve =
        run(
            "plan",
            "approve",
            hash,
            "--workspace",
            ws,
            "--approver",
            "carol",
            "--yes",
            "--atlas-home",
            atlasHome);
    assertThat(approve.exit()).as(approve.err()).isZero();
    assertThat(approve.out()).startsWith("APPROVED CLI_PLAN v1 " + hash).contains("by carol");
    CliRun again =
        run("plan", "approve", hash, "--workspace", ws, "--yes", "--atlas-home", atlasHome);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("[INVALID_ARGUMENT]", "already approved by carol");
    CliRun json =
        run(
            "plan",
            "list",
            "--workspace",
            ws,
            "--status",
            "APPROVED",
            "--json",
            "--atlas-home",
            atlasHome);
    assertThat(((JsonArray) Json.parse(json.out())).size()).isEqualTo(1);

    assertThat(run("plan", "revoke", hash, "--workspace", ws, "--atlas-home", atlasHome).exit())
        .isZero();
    CliRun unknown =
        run(
            "plan",
            "approve",
            "b".repeat(64),
            "--workspace",
            ws,
            "--yes",
            "--atlas-home",
            atlasHome);
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("[PLAN_NOT_FOUND]");
    CliRun badHash =
        run("plan", "approve", "xyz", "--workspace", ws, "--yes", "--atlas-home", atlasHome);
    assertThat(badHash.err()).contains("[INVALID_ARGUMENT]", "first 8 or more hex digits");

    CliRun audit = run("audit", "export", "--atlas-home", atlasHome);
    assertThat(
            audit
                .out()
                .lines()
                .map(l -> ((JsonObject) Json.parse(l)).string("tool").orElseThrow())
                .toList())
        .containsExactly("plan_approve", "plan_approve", "plan_revoke");
    assertThat(
            audit
                .out()
                .lines()
                .map(l -> ((JsonObject) Json.parse(l)).string("result").orElseThrow())
                .toList())
        .containsExactly("ok", "error", "ok");
    assertThat(run("audit", "verify", "--atlas-home", atlasHome).exit()).isZero();
  }

  @Test
  void badConfiguration_stopsWithTheVariableNamed() {
    CliRun run =
        run("audit", "verify", "--atlas-home", home.toString(), "--session-ttl-seconds", "soon");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("SESSION_TTL_SECONDS=\"soon\" is not valid");
  }

  @Test
  void version_andHelp() {
    assertThat(run("version").out()).startsWith("atlas-gate ");
    CliRun help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("stdio", "connect", "migrate", "serve", "plan", "audit", "keygen", "healthcheck");
  }

  @Test
  void aNamedCommand_isTheOnlyOneModelled_andStillKnowsItsPlace() {
    CliRun help = run("stdio", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: atlas-gate stdio").doesNotContain("healthcheck");
    CliRun unknown = run("stdo");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("stdo").contains("atlas-gate --help");
    CliRun nested = run("plan", "show", "--help");
    assertThat(nested.exit()).isZero();
    assertThat(nested.out()).contains("Usage: atlas-gate plan show");
  }

  @Test
  void stdioWithoutTheParser_refusesABadRole_asTheParsedCommandWould() {
    for (String[] line :
        List.of(
            new String[] {"stdio", "--role", "PLANNER"},
            new String[] {"stdio", "--role=PLANNER"},
            new String[] {"stdio", "--role", "PLANNER", "--log-level", "info"})) {
      CliRun bad = run(line);
      assertThat(bad.exit()).as(String.join(" ", line)).isEqualTo(2);
      assertThat(bad.err())
          .as(String.join(" ", line))
          .startsWith("atlas-gate: ")
          .contains("PLANNER");
    }
  }

  @Test
  void onlyStdioAndItsRole_skipTheParser() {
    assertThat(StdioCommand.withoutParser(new String[] {"stdio"})).isPresent();
    assertThat(StdioCommand.withoutParser(new String[] {"stdio", "--role", "WINDSURF"}))
        .get()
        .extracting(c -> c.role)
        .isEqualTo("WINDSURF");
    assertThat(StdioCommand.withoutParser(new String[] {"stdio", "--role=ALL"}))
        .get()
        .extracting(c -> c.role)
        .isEqualTo("ALL");
    for (String[] parsed :
        List.of(
            new String[] {"stdio", "--help"},
            new String[] {"stdio", "--role"},
            new String[] {"stdio", "--role", "--help"},
            new String[] {"stdio", "--atlas-home", "/x"},
            new String[] {"serve"},
            new String[] {})) {
      assertThat(StdioCommand.withoutParser(parsed)).as(String.join(" ", parsed)).isEmpty();
    }
    CliRun missing = run("stdio", "--role");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--role").contains("atlas-gate stdio --help");
  }
}
