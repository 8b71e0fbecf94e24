package dev.atlasgate.gateway;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.util.Arrays;

/**
 * The JSON Schema of one argument, built keyword by keyword in the order it is published: {@code
 * PropertySchema.string().minLength(1).maxLength(4096)}.
 */
final class PropertySchema {
  /** The largest integer a JSON number holds exactly (2^53 - 1), the bound of offsets and seqs. */
  static final long MAX_SAFE_INTEGER = 9007199254740991L;

  private final JsonObject.Builder schema = JsonObject.builder();
  private final String type;

  private PropertySchema(String type) {
    this.type = type;
    schema.put("type", type);
  }

  static PropertySchema string() {
    return new PropertySchema("string");
  }

  static PropertySchema integer() {
    return new PropertySchema("integer");
  }

  static PropertySchema bool() {
    return new PropertySchema("boolean");
  }

  static PropertySchema object() {
    return new PropertySchema("object");
  }

  String type() {
    return type;
  }

  PropertySchema minLength(int value) {
    schema.put("minLength", value);
    return this;
  }

  PropertySchema maxLength(int value) {
    schema.put("maxLength", value);
    return this;
  }

  PropertySchema pattern(String regex) {
    schema.put("pattern", regex);
    return this;
  }

  PropertySchema oneOf(String... values) {
    schema.put("enum", new JsonArray(Arrays.stream(values).<Json>map(Json::of).toList()));
    return this;
  }

  PropertySchema minimum(long value) {
    schema.put("minimum", value);
    return this;
  }

  PropertySchema maximum(long value) {
    schema.put("maximum", value);
    return this;
  }

  PropertySchema describe(String description) {
    schema.put("description", description);
    return this;
  }

  JsonObject toJson() {
    return schema.build();
  }
}
