package dev.atlasgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanLinterTest {
  static final String VALID =
      """
      {"plan_id": "API_CLEANUP", "version": 2, "title": "Clean up the API",
       "objective": "Remove the deprecated endpoints.",
       "scope": {"allow": ["src/api/**", "docs/"], "deny": ["src/api/generated/**"]},
       "phases": [
         {"phase_id": "REMOVE", "objective": "Delete the endpoints.", "allow": ["src/api/*.java"]},
         {"phase_id": "DOCUMENT", "objective": "Say what changed.", "allow": ["docs/api.md"]}],
       "forbidden_actions": ["Touching the generated client."],
       "verification": ["The build passes."]}
      """;

  private static JsonObject valid() {
    return (JsonObject) Json.parse(VALID);
  }

  private static LintReport lint(String json) {
    return PlanLinter.lint(Json.parse(json));
  }

  /** The valid plan with the member at {@code path} (dot-separated) replaced by {@code json}. */
  private static LintReport lintWith(String path, String json) {
    return PlanLinter.lint(replace(valid(), path.split("\\."), 0, json));
  }

  private static Json replace(Json node, String[] path, int i, String json) {
    if (i == path.length) {
      return json == null ? null : Json.parse(json);
    }
    if (node instanceof JsonObject object) {
      Json child = replace(object.get(path[i]).orElse(JsonObject.EMPTY), path, i + 1, json);
      return child == null ? object.without(path[i]) : object.with(path[i], child);
    }
    var array = (dev.atlasgate.json.JsonArray) node;
    var elements = new java.util.ArrayList<>(array.elements());
    int index = Integer.parseInt(path[i]);
    elements.set(index, replace(elements.get(index), path, i + 1, json));
    return new dev.atlasgate.json.JsonArray(elements);
  }

  @Test
  void validPlan_passesWithoutFindings() {
    LintReport report = PlanLinter.lint(valid());
    assertThat(report.passed()).isTrue();
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0} = {1} -> {2} at {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "plan_id|NULL|FIELD_REQUIRED|/plan_id",
        "plan_id|42|FIELD_TYPE|/plan_id",
        "plan_id|\"api\"|ID_FORMAT|/plan_id",
        "plan_id|\"AB\"|ID_FORMAT|/plan_id",
        "version|0|VERSION_INVALID|/version",
        "version|1.5|VERSION_INVALID|/version",
        "version|\"1\"|VERSION_INVALID|/version",
        "version|NULL|FIELD_REQUIRED|/version",
        "version|9007199254740992|VERSION_INVALID|/version",
        "phases.0.allow|[]|PHASE_ALLOW_EMPTY|/phases/0/allow",
        "title|\"  \"|TEXT_EMPTY|/title",
        "objective|\"Fix it, TODO later\"|PLACEHOLDER_TEXT|/objective",
        "title|\"A Placeholder title\"|PLACEHOLDER_TEXT|/title",
        "scope|NULL|FIELD_REQUIRED|/scope",
        "scope|[]|FIELD_TYPE|/scope",
        "scope.allow|[]|SCOPE_EMPTY|/scope/allow",
        "scope.allow|NULL|FIELD_REQUIRED|/scope/allow",
        "scope.allow|[\"/etc/**\"]|GLOB_INVALID|/scope/allow/0",
        "scope.allow|[\"src/../../x\"]|GLOB_INVALID|/scope/allow/0",
        "scope.allow|[\"~/x\"]|GLOB_INVALID|/scope/allow/0",
        "scope.allow|[\"src\\\\x\"]|GLOB_INVALID|/scope/allow/0",
        "scope.allow|[\"C:/x\"]|GLOB_INVALID|/scope/allow/0",
        "scope.allow|[\"\"]|GLOB_INVALID|/scope/allow/0",
        "scope.deny|[\"../x\"]|GLOB_INVALID|/scope/deny/0",
        "scope.extra|true|FIELD_UNKNOWN|/scope/extra",
        "phases|[]|PHASES_EMPTY|/phases",
        "phases|NULL|FIELD_REQUIRED|/phases",
        "phases.0.phase_id|\"remove\"|ID_FORMAT|/phases/0/phase_id",
        "phases.1.phase_id|\"REMOVE\"|PHASE_ID_DUPLICATE|/phases/1/phase_id",
        "phases.0.allow|[\"lib/**\"]|PHASE_SCOPE_OUTSIDE|/phases/0/allow/0",
        "phases.0.allow|[\"src/**\"]|PHASE_SCOPE_OUTSIDE|/phases/0/allow/0",
        "phases.0.objective|\"FIXME\"|PLACEHOLDER_TEXT|/phases/0/objective",
        "phases.0.owner|\"bob\"|FIELD_UNKNOWN|/phases/0/owner",
        "verification|[\"TBD\"]|PLACEHOLDER_TEXT|/verification/0",
        "forbidden_actions|\"none\"|FIELD_TYPE|/forbidden_actions",
        "forbidden_actions|[\"XXX\"]|PLACEHOLDER_TEXT|/forbidden_actions/0",
        "a/b|1|FIELD_UNKNOWN|/a~1b"
      })
  void eachRule_reportsItsCodeAndPointer(String path, String json, String code, String pointer) {
    LintReport report = lintWith(path, json);
    assertThat(report.passed()).isFalse();
    assertThat(report.errors())
        .as("%s", report.errors())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(code);
              assertThat(f.pointer()).isEqualTo(pointer);
            });
  }

  @Test
  void globLongerThanTheLimit_isGlobTooLong() {
    String atLimit = "src/api/" + "x".repeat(dev.atlasgate.workspace.Glob.MAX_LENGTH - 8);
    assertThat(lintWith("phases.0.allow", "[\"" + atLimit + "\"]").passed()).isTrue();
    LintReport report = lintWith("phases.0.allow", "[\"" + atLimit + "x\"]");
    assertThat(report.errors())
        .extracting(Finding::code, Finding::pointer)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("GLOB_TOO_LONG", "/phases/0/allow/0"));
  }

  /** The valid plan's scope.allow with {@code extra} more globs: 5 + extra globs in all. */
  private static LintReport lintWithExtraScopeGlobs(int extra) {
    String scope =
        java.util.stream.IntStream.range(0, extra)
            .mapToObj(i -> "\"src/" + i + "/**\"")
            .collect(
                java.util.stream.Collectors.joining(", ", "[\"src/api/**\", \"docs/\", ", "]"));
    return lintWith("scope.allow", scope);
  }

  @Test
  void moreGlobsThanTheLimit_isTooManyGlobs() {
    assertThat(lintWithExtraScopeGlobs(PlanLinter.MAX_GLOBS - 5).passed()).isTrue();
    LintReport report = lintWithExtraScopeGlobs(PlanLinter.MAX_GLOBS - 4);
    assertThat(report.errors())
        .extracting(Finding::code, Finding::pointer)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("TOO_MANY_GLOBS", "/scope"));
  }

  @Test
  void placeholderWords_areWholeWords() {
    assertThat(lintWith("title", "\"TODOS and XXXL sizes are fine words\"").passed()).isTrue();
  }

  @Test
  void missingVerification_isOnlyAWarning() {
    LintReport report = PlanLinter.lint(valid().without("verification"));
    assertThat(report.passed()).isTrue();
    assertThat(report.warnings()).extracting(Finding::code).containsExactly("VERIFICATION_MISSING");
  }

  @Test
  void phaseAllowDenied_isAWarning() {
    LintReport report = lintWith("phases.0.allow", "[\"src/api/generated/**\"]");
    assertThat(report.passed()).isTrue();
    assertThat(report.warnings()).extracting(Finding::pointer).containsExactly("/phases/0/allow/0");
  }

  @Test
  void notAnObject_isPlanNotObject() {
    LintReport report = lint("[1, 2]");
    assertThat(report.errors())
        .extracting(Finding::code, Finding::pointer)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("PLAN_NOT_OBJECT", ""));
  }

  @Test
  void severalProblems_areAllReported() {
    LintReport report =
        lint("{\"plan_id\": \"x\", \"version\": -1, \"title\": \"\", \"bogus\": 1}");
    assertThat(report.errors())
        .extracting(Finding::code)
        .contains("ID_FORMAT", "VERSION_INVALID", "TEXT_EMPTY", "FIELD_UNKNOWN", "FIELD_REQUIRED");
    assertThat(report.errors().size()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void parse_failingPlan_throwsWithTheReport() {
    assertThatThrownBy(() -> Plan.parse(valid().with("version", Json.of(0))))
        .isInstanceOf(PlanLintException.class)
        .hasMessageContaining("VERSION_INVALID")
        .satisfies(e -> assertThat(((PlanLintException) e).details().write()).contains("/version"));
  }

  @Test
  void parse_readsEveryPart() {
    Plan plan = Plan.parse(valid());
    assertThat(plan.planId()).isEqualTo("API_CLEANUP");
    assertThat(plan.version()).isEqualTo(2);
    assertThat(plan.scopeAllow()).containsExactly("src/api/**", "docs/");
    assertThat(plan.scopeDeny()).containsExactly("src/api/generated/**");
    assertThat(plan.phase("DOCUMENT").orElseThrow().allow()).containsExactly("docs/api.md");
    assertThat(plan.phase("NOPE")).isEmpty();
  }
}
