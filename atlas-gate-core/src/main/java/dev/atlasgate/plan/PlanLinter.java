package dev.atlasgate.plan;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.workspace.Glob;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a plan document and reports every finding, each with a code and a JSON Pointer.
 *
 * <p>Plans are strict: unknown members are errors, so that a typo cannot silently widen or narrow
 * what a plan allows.
 */
public final class PlanLinter {
  static final Pattern ID = Pattern.compile("^[A-Z][A-Z0-9_]{2,63}$");
  static final int MAX_TEXT = 4096;

  /**
   * The most globs a plan holds (scope.allow, scope.deny and every phase's allow together): each
   * phase glob is checked against each scope glob, so the count bounds the work of a lint.
   */
  static final int MAX_GLOBS = 100;

  private static final BigDecimal MAX_EXACT = BigDecimal.valueOf((1L << 53) - 1);
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\b(TODO|FIXME|TBD|XXX)\\b|(?i:placeholder)");
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
  private static final Set<String> TOP =
      Set.of(
          "plan_id",
          "version",
          "title",
          "objective",
          "scope",
          "phases",
          "forbidden_actions",
          "verification");
  private static final Set<String> SCOPE = Set.of("allow", "deny");
  private static final Set<String> PHASE = Set.of("phase_id", "objective", "allow");

  private final List<Finding> errors = new ArrayList<>();
  private final List<Finding> warnings = new ArrayList<>();

  private PlanLinter() {}

  /** Lints {@code candidate}, which may be any JSON value. */
  public static LintReport lint(Json candidate) {
    PlanLinter linter = new PlanLinter();
    if (candidate instanceof JsonObject plan) {
      linter.plan(plan);
    } else {
      linter.error("PLAN_NOT_OBJECT", "a plan is a JSON object, not " + candidate.typeName(), "");
    }
    return new LintReport(linter.errors, linter.warnings);
  }

  private void plan(JsonObject plan) {
    unknown(plan, TOP, "");
    string(plan, "plan_id", "").ifPresent(id -> id(id, "plan_id", "/plan_id"));
    version(plan);
    string(plan, "title", "").ifPresent(t -> text(t, "/title"));
    string(plan, "objective", "").ifPresent(t -> text(t, "/objective"));
    List<String> allow = scope(plan);
    int globs = globCount(plan);
    if (globs > MAX_GLOBS) {
      error(
          "TOO_MANY_GLOBS",
          "the plan holds "
              + globs
              + " globs in scope.allow, scope.deny and the phases' allow; at most "
              + MAX_GLOBS,
          "/scope");
    }
    // Containment is not checked in a plan with too many globs: that is already an error.
    phases(plan, globs > MAX_GLOBS ? List.of() : allow, denyOf(plan));
    optionalTexts(plan, "forbidden_actions");
    if (!plan.has("verification")) {
      warning(
          "VERIFICATION_MISSING",
          "the plan says nothing of how its result is verified",
          "/verification");
    } else {
      optionalTexts(plan, "verification");
    }
  }

  private void version(JsonObject plan) {
    Json version = plan.get("version").orElse(null);
    if (version == null) {
      error("FIELD_REQUIRED", "version is required", "/version");
    } else if (!(version instanceof JsonNumber n
        && n.isIntegral()
        && n.value().compareTo(BigDecimal.ONE) >= 0
        && n.value().compareTo(MAX_EXACT) <= 0)) {
      // Above 2^53 - 1 the canonical form would round the number, and the hash would not be of
      // what the author wrote.
      error(
          "VERSION_INVALID",
          "version must be a positive integer up to 2^53 - 1, not " + version.write(),
          "/version");
    }
  }

  private List<String> scope(JsonObject plan) {
    Json scope = plan.get("scope").orElse(null);
    if (scope == null) {
      error("FIELD_REQUIRED", "scope is required", "/scope");
      return List.of();
    }
    if (!(scope instanceof JsonObject object)) {
      error("FIELD_TYPE", "scope must be an object, not " + scope.typeName(), "/scope");
      return List.of();
    }
    unknown(object, SCOPE, "/scope");
    List<String> allow = globs(object, "allow", "/scope", true);
    if (object.has("allow")
        && allow.isEmpty()
        && object.get("allow").get() instanceof JsonArray a
        && a.size() == 0) {
      error("SCOPE_EMPTY", "scope.allow must name at least one glob", "/scope/allow");
    }
    globs(object, "deny", "/scope", false);
    return allow;
  }

  private static int globCount(JsonObject plan) {
    int count = plan.object("scope").map(s -> size(s.get("allow")) + size(s.get("deny"))).orElse(0);
    if (plan.get("phases").orElse(null) instanceof JsonArray phases) {
      for (Json phase : phases.elements()) {
        if (phase instanceof JsonObject object) {
          count += size(object.get("allow"));
        }
      }
    }
    return count;
  }

  private static int size(java.util.Optional<Json> value) {
    return value.orElse(null) instanceof JsonArray array ? array.size() : 0;
  }

  private List<String> denyOf(JsonObject plan) {
    return plan.object("scope")
        .flatMap(s -> s.get("deny"))
        .filter(JsonArray.class::isInstance)
        .map(
            d ->
                ((JsonArray) d)
                    .elements().stream()
                        .filter(JsonString.class::isInstance)
                        .map(j -> ((JsonString) j).value())
                        .toList())
        .orElse(List.of());
  }

  private void phases(JsonObject plan, List<String> scopeAllow, List<String> deny) {
    Json phases = plan.get("phases").orElse(null);
    if (phases == null) {
      error("FIELD_REQUIRED", "phases is required", "/phases");
      return;
    }
    if (!(phases instanceof JsonArray array)) {
      error("FIELD_TYPE", "phases must be an array, not " + phases.typeName(), "/phases");
      return;
    }
    if (array.size() == 0) {
      error("PHASES_EMPTY", "a plan has at least one phase", "/phases");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      phase(array.get(i), "/phases/" + i, scopeAllow, deny, ids);
    }
  }

  private void phase(
      Json value, String at, List<String> scopeAllow, List<String> deny, Set<String> ids) {
    if (!(value instanceof JsonObject phase)) {
      error("FIELD_TYPE", "a phase must be an object, not " + value.typeName(), at);
      return;
    }
    unknown(phase, PHASE, at);
    string(phase, "phase_id", at)
        .ifPresent(
            id -> {
              id(id, "phase_id", at + "/phase_id");
              if (!ids.add(id)) {
                error(
                    "PHASE_ID_DUPLICATE",
                    "phase_id " + id + " is used by an earlier phase",
                    at + "/phase_id");
              }
            });
    string(phase, "objective", at).ifPresent(t -> text(t, at + "/objective"));
    List<String> allow = globs(phase, "allow", at, false);
    if (phase.get("allow").orElse(null) instanceof JsonArray a && a.size() == 0) {
      // An empty list would read as "the whole scope": say so by leaving allow out instead.
      error(
          "PHASE_ALLOW_EMPTY",
          "allow is empty; leave it out to mean the plan's whole scope",
          at + "/allow");
    }
    for (int i = 0; i < allow.size(); i++) {
      String glob = allow.get(i);
      if (!scopeAllow.isEmpty()
          && scopeAllow.stream().noneMatch(outer -> GlobContainment.contains(outer, glob))) {
        error(
            "PHASE_SCOPE_OUTSIDE",
            "phase glob " + glob + " is not inside scope.allow " + scopeAllow,
            at + "/allow/" + i);
      }
      if (deny.contains(glob)) {
        warning(
            "PHASE_ALLOW_DENIED",
            "phase glob " + glob + " is denied by scope.deny",
            at + "/allow/" + i);
      }
    }
  }

  /** The valid globs of {@code object.name}; every invalid one is reported. */
  private List<String> globs(JsonObject object, String name, String at, boolean required) {
    Json value = object.get(name).orElse(null);
    String pointer = at + "/" + name;
    if (value == null) {
      if (required) {
        error("FIELD_REQUIRED", pointer.substring(1).replace('/', '.') + " is required", pointer);
      }
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      error("FIELD_TYPE", name + " must be an array of globs, not " + value.typeName(), pointer);
      return List.of();
    }
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString s)) {
        error(
            "FIELD_TYPE", "a glob is a string, not " + array.get(i).typeName(), pointer + "/" + i);
        continue;
      }
      String problem = globProblem(s.value());
      if (s.value().length() > Glob.MAX_LENGTH) {
        error(
            "GLOB_TOO_LONG",
            "glob of "
                + s.value().length()
                + " characters is longer than the limit of "
                + Glob.MAX_LENGTH,
            pointer + "/" + i);
      } else if (problem.isEmpty()) {
        valid.add(s.value());
      } else {
        error("GLOB_INVALID", "glob \"" + s.value() + "\" " + problem, pointer + "/" + i);
      }
    }
    return valid;
  }

  static String globProblem(String glob) {
    if (glob.isEmpty()) {
      return "is empty";
    }
    if (glob.startsWith("/") || DRIVE.matcher(glob).find()) {
      return "is absolute; globs are relative to the workspace";
    }
    if (glob.indexOf('\\') >= 0) {
      return "contains a backslash; use '/'";
    }
    if (glob.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    if (glob.indexOf('~') >= 0) {
      return "contains '~'";
    }
    for (String segment : glob.split("/", -1)) {
      if (segment.equals("..")) {
        return "contains a '..' segment";
      }
    }
    if (glob.contains("//")) {
      return "contains an empty segment";
    }
    return "";
  }

  private void optionalTexts(JsonObject plan, String name) {
    Json value = plan.get(name).orElse(null);
    if (value == null) {
      return;
    }
    if (!(value instanceof JsonArray array)) {
      error(
          "FIELD_TYPE", name + " must be an array of strings, not " + value.typeName(), "/" + name);
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) instanceof JsonString s) {
        text(s.value(), "/" + name + "/" + i);
      } else {
        error(
            "FIELD_TYPE",
            name + " items are strings, not " + array.get(i).typeName(),
            "/" + name + "/" + i);
      }
    }
  }

  private java.util.Optional<String> string(JsonObject object, String name, String at) {
    Json value = object.get(name).orElse(null);
    String pointer = at + "/" + name;
    if (value == null) {
      error("FIELD_REQUIRED", name + " is required", pointer);
      return java.util.Optional.empty();
    }
    if (!(value instanceof JsonString s)) {
      error("FIELD_TYPE", name + " must be a string, not " + value.typeName(), pointer);
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(s.value());
  }

  private void id(String id, String name, String pointer) {
    if (!ID.matcher(id).matches()) {
      error("ID_FORMAT", name + " \"" + id + "\" must match " + ID.pattern(), pointer);
    }
  }

  private void text(String text, String pointer) {
    if (text.isBlank()) {
      error("TEXT_EMPTY", "text must not be empty", pointer);
    } else if (text.length() > MAX_TEXT) {
      error(
          "TEXT_TOO_LONG",
          "text has " + text.length() + " characters; at most " + MAX_TEXT,
          pointer);
    }
    var placeholder = PLACEHOLDER.matcher(text);
    if (placeholder.find()) {
      error(
          "PLACEHOLDER_TEXT",
          "placeholder \"" + placeholder.group() + "\" left in the text",
          pointer);
    }
  }

  private void unknown(JsonObject object, Set<String> known, String at) {
    for (Map.Entry<String, Json> member : object.members().entrySet()) {
      if (!known.contains(member.getKey())) {
        error(
            "FIELD_UNKNOWN",
            "unknown member \""
                + member.getKey()
                + "\"; known: "
                + known.stream().sorted().toList(),
            at + "/" + escape(member.getKey()));
      }
    }
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private void error(String code, String message, String pointer) {
    errors.add(new Finding(code, message, pointer));
  }

  private void warning(String code, String message, String pointer) {
    warnings.add(new Finding(code, message, pointer));
  }
}
