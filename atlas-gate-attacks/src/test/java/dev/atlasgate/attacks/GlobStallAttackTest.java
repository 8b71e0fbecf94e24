package dev.atlasgate.attacks;

import static dev.atlasgate.attacks.Governed.ok;
import static dev.atlasgate.attacks.Governed.quote;
import static dev.atlasgate.attacks.Governed.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalling the gateway with globs: patterns that make a backtracking matcher take exponential time,
 * in lint (containment of a phase glob in the scope), in {@code list_files} and in the write
 * policy. Each call must answer correctly; the timeout only turns a regression into a failure
 * instead of a hang.
 */
class GlobStallAttackTest {
  /** Guards against a hang; an answer comes in milliseconds. */
  static final Duration GUARD = Duration.ofSeconds(10);

  /** {@code *a*a…*a*b}: forty {@code *a} then {@code *b}. */
  static final String STAR_SCOPE = "*a".repeat(40) + "*b";

  static final String DEEP_GLOB = "**/d/**/d/**/d/**/zz";
  static final int DEPTH = 150;

  @TempDir Path temp;
  private Governed governed;

  @BeforeEach
  void setUp() throws Exception {
    governed = Governed.start(temp);
  }

  @AfterEach
  void tearDown() {
    governed.close();
  }

  /** A plan whose scope allows {@code scope} and whose one phase allows {@code phase}. */
  static String plan(List<String> scope, List<String> phase) {
    return """
        {"plan_id": "STALL_PLAN", "version": 1, "title": "A plan",
         "objective": "Change the sources.", "scope": {"allow": %s},
         "phases": [{"phase_id": "WRITE", "objective": "Write them.", "allow": %s}],
         "verification": ["The build passes."]}
        """
        .formatted(strings(scope), strings(phase));
  }

  static String strings(List<String> values) {
    return new JsonArray(values.stream().map(v -> (Json) Json.of(v)).toList()).write();
  }

  static String stallPlan() {
    return plan(List.of(STAR_SCOPE), List.of("a".repeat(80)));
  }

  @Test
  void lintPlan_exponentialContainment_answersThatThePhaseIsOutsideTheScope() {
    JsonObject report =
        assertTimeoutPreemptively(
            GUARD, () -> ok(governed.planner().call("lint_plan", "{\"plan\": %s}", stallPlan())));
    assertThat(report.get("passed")).contains(Json.of(false));
    assertThat(report.get("errors").orElseThrow().write())
        .contains("PHASE_SCOPE_OUTSIDE", "/phases/0/allow/0");
  }

  @Test
  void savePlan_exponentialContainment_isRefusedWithTheFinding() {
    var refusal =
        assertTimeoutPreemptively(
            GUARD,
            () ->
                refused(
                    governed.planner().call("save_plan", "{\"plan\": %s}", stallPlan()),
                    ErrorCode.PLAN_LINT_FAILED));
    assertThat(refusal.toJson().write()).contains("PHASE_SCOPE_OUTSIDE");
  }

  @Test
  void lintPlan_containmentThatHolds_isStillFound() {
    String scope = "*a".repeat(40) + "*";
    JsonObject report =
        assertTimeoutPreemptively(
            GUARD,
            () ->
                ok(
                    governed
                        .planner()
                        .call(
                            "lint_plan",
                            "{\"plan\": %s}",
                            plan(List.of(scope), List.of("a".repeat(80))))));
    assertThat(report.get("passed")).as(report.write()).contains(Json.of(true));
  }

  @Test
  void lintPlan_theCostliestPlanWithinTheLimits_answers() {
    // Fifty scope globs and fifty phase globs of the longest length: 2,500 containments.
    List<String> scope =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> ("*a".repeat(127) + "*" + (char) ('0' + i % 10)))
            .toList();
    List<String> phase =
        java.util.stream.IntStream.range(0, 50).mapToObj(i -> "a".repeat(250) + i + "x").toList();
    JsonObject report =
        assertTimeoutPreemptively(
            GUARD,
            () -> ok(governed.planner().call("lint_plan", "{\"plan\": %s}", plan(scope, phase))));
    assertThat(report.get("errors").orElseThrow().write())
        .contains("PHASE_SCOPE_OUTSIDE", "/phases/0/allow/49");
  }

  @Test
  void lintPlan_overlongGlob_isAFinding() {
    String longGlob = "src/" + "x".repeat(2000);
    JsonObject report =
        ok(
            governed
                .planner()
                .call("lint_plan", "{\"plan\": %s}", plan(List.of(longGlob), List.of("src/x"))));
    assertThat(report.get("errors").orElseThrow().write())
        .contains("GLOB_TOO_LONG", "/scope/allow/0");
  }

  @Test
  void lintPlan_tooManyGlobs_isAFinding() {
    List<String> many =
        java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "src/" + i + "/**").toList();
    JsonObject report =
        assertTimeoutPreemptively(
            GUARD,
            () -> ok(governed.planner().call("lint_plan", "{\"plan\": %s}", plan(many, many))));
    assertThat(report.get("errors").orElseThrow().write()).contains("TOO_MANY_GLOBS");
  }

  /** {@code d/d/…/d} ({@value #DEPTH} levels) with a file {@code f} at each and {@code zz} last. */
  static String deepTree(Path workspace) throws Exception {
    Path dir = workspace;
    StringBuilder relative = new StringBuilder();
    for (int i = 0; i < DEPTH; i++) {
      dir = Files.createDirectory(dir.resolve("d"));
      relative.append("d/");
      Files.writeString(dir.resolve("f"), "x");
    }
    Files.writeString(dir.resolve("zz"), "x");
    return relative + "zz";
  }

  @Test
  void listFiles_manyDoubleStarsOverADeepTree_findsTheOneMatch() throws Exception {
    String expected = deepTree(governed.workspace);
    JsonObject listing =
        assertTimeoutPreemptively(
            GUARD,
            () -> ok(governed.executor().call("list_files", "{\"glob\": %s}", quote(DEEP_GLOB))));
    assertThat(listing.get("files").orElseThrow().write())
        .isEqualTo("[{\"path\":\"" + expected + "\",\"size\":1}]");
  }

  @Test
  void listFiles_overlongGlob_isInvalidArgument() {
    refused(
        governed.executor().call("list_files", "{\"glob\": %s}", quote("*a".repeat(300))),
        ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void writeFile_deepPathAgainstManyDoubleStarScope_isJudgedQuickly() {
    String hash =
        governed.approvedPlan(
            plan(List.of("**/d/**/d/**/d/**/d/**/zz"), List.of("**/d/**/d/**/d/**/d/**/zz")));
    String path = "d/".repeat(DEPTH) + "f";
    var refusal =
        assertTimeoutPreemptively(
            GUARD,
            () ->
                refused(
                    governed
                        .executor()
                        .call(
                            "write_file",
                            "{\"path\": %s, \"content\": \"x\", \"plan_hash\": \"%s\","
                                + " \"phase_id\": \"WRITE\", \"intent\": \"Write a file.\"}",
                            quote(path),
                            hash)));
    assertThat(refusal.code()).isEqualTo(ErrorCode.PATH_NOT_IN_PLAN_SCOPE);
  }
}
