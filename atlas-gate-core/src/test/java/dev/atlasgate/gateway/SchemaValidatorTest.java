package dev.atlasgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaValidatorTest {
  private static final JsonObject SCHEMA =
      (JsonObject)
          Json.parse(
              """
              {"type": "object", "additionalProperties": false, "required": ["path"],
               "properties": {
                 "path": {"type": "string", "minLength": 1, "maxLength": 8},
                 "n": {"type": "integer", "minimum": 0, "maximum": 10},
                 "mode": {"type": "string", "enum": ["a", "b"]},
                 "id": {"type": "string", "pattern": "^[A-Z]+$"},
                 "tags": {"type": "array", "items": {"type": "string"}},
                 "maybe": {"type": ["string", "null"]}}}
              """);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"path\":\"a\"}|",
        "{\"path\":\"a\",\"n\":3,\"mode\":\"b\",\"id\":\"AB\",\"tags\":[\"x\"],\"maybe\":null}|",
        "{}|arguments.path is required",
        "{\"path\":1}|arguments.path must be a string, not an integer",
        "{\"path\":\"\"}|arguments.path must have at least 1 characters",
        "{\"path\":\"123456789\"}|arguments.path must have at most 8 characters",
        "{\"path\":\"a\",\"x\":1}|arguments.x is not a known field; known: path, n, mode, id, tags, maybe",
        "{\"path\":\"a\",\"n\":1.5}|arguments.n must be an integer, not a number",
        "{\"path\":\"a\",\"n\":11}|arguments.n must be at most 10",
        "{\"path\":\"a\",\"n\":-1}|arguments.n must be at least 0",
        "{\"path\":\"a\",\"mode\":\"c\"}|arguments.mode must be one of [\"a\",\"b\"]",
        "{\"path\":\"a\",\"id\":\"ab\"}|arguments.id must match ^[A-Z]+$",
        "{\"path\":\"a\",\"tags\":[\"x\",2]}|arguments.tags[1] must be a string, not an integer",
        "{\"path\":\"a\",\"maybe\":3}|arguments.maybe must be one of the types [\"string\",\"null\"], not an integer",
        "[]|arguments must be an object, not an array"
      })
  void firstViolation(String value, String expected) {
    assertThat(SchemaValidator.firstViolation(SCHEMA, Json.parse(value), "arguments"))
        .isEqualTo(java.util.Optional.ofNullable(expected));
  }
}
