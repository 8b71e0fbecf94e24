package dev.atlasgate.gateway;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a value against the subset of JSON Schema 2020-12 that the tools' input schemas use.
 *
 * <p>Keywords: {@code type}, {@code properties}, {@code required}, {@code additionalProperties:
 * false}, {@code items}, {@code enum}, {@code minLength}, {@code maxLength}, {@code minimum},
 * {@code maximum}, {@code pattern}. The schemas that are published in {@code tools/list} are the
 * ones checked here, so the contract and the check cannot drift apart.
 */
final class SchemaValidator {
  private SchemaValidator() {}

  /** The first violation, as a sentence naming the field, or empty when the value conforms. */
  static Optional<String> firstViolation(JsonObject schema, Json value, String path) {
    Optional<String> type = checkType(schema, value, path);
    if (type.isPresent()) {
      return type;
    }
    return switch (value) {
      case JsonObject object -> checkObject(schema, object, path);
      case JsonArray array -> checkArray(schema, array, path);
      case JsonString string -> checkString(schema, string.value(), path);
      case JsonNumber number -> checkNumber(schema, number, path);
      default -> checkEnum(schema, value, path);
    };
  }

  private static Optional<String> checkType(JsonObject schema, Json value, String path) {
    Optional<Json> type = schema.get("type");
    if (type.isEmpty()) {
      return Optional.empty();
    }
    List<Json> allowed =
        type.get() instanceof JsonArray array ? array.elements() : List.of(type.get());
    for (Json t : allowed) {
      if (t instanceof JsonString s && typeMatches(s.value(), value)) {
        return Optional.empty();
      }
    }
    String expected =
        type.get() instanceof JsonString s
            ? article(s.value())
            : "one of the types " + type.get().write();
    return Optional.of(path + " must be " + expected + ", not " + article(value.typeName()));
  }

  private static boolean typeMatches(String type, Json value) {
    return switch (type) {
      case "integer" -> value instanceof JsonNumber n && n.isIntegral();
      case "number" -> value instanceof JsonNumber;
      default -> type.equals(value.typeName());
    };
  }

  private static Optional<String> checkObject(JsonObject schema, JsonObject object, String path) {
    JsonObject properties = schema.object("properties").orElse(JsonObject.EMPTY);
    if (schema.get("required").orElse(JsonArray.EMPTY) instanceof JsonArray required) {
      for (Json name : required.elements()) {
        if (name instanceof JsonString s && !object.has(s.value())) {
          return Optional.of(path + "." + s.value() + " is required");
        }
      }
    }
    boolean closed = schema.get("additionalProperties").map(j -> j == Json.of(false)).orElse(false);
    for (var member : object.members().entrySet()) {
      Optional<JsonObject> propertySchema = properties.object(member.getKey());
      if (propertySchema.isEmpty()) {
        if (closed) {
          return Optional.of(
              path + "." + member.getKey() + " is not a known field; known: " + names(properties));
        }
        continue;
      }
      Optional<String> violation =
          firstViolation(propertySchema.get(), member.getValue(), path + "." + member.getKey());
      if (violation.isPresent()) {
        return violation;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkArray(JsonObject schema, JsonArray array, String path) {
    Optional<JsonObject> items = schema.object("items");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < array.size(); i++) {
      Optional<String> violation = firstViolation(items.get(), array.get(i), path + "[" + i + "]");
      if (violation.isPresent()) {
        return violation;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkString(JsonObject schema, String value, String path) {
    int length = value.codePointCount(0, value.length());
    Optional<Long> min = integer(schema, "minLength");
    if (min.isPresent() && length < min.get()) {
      return Optional.of(path + " must have at least " + min.get() + " characters");
    }
    Optional<Long> max = integer(schema, "maxLength");
    if (max.isPresent() && length > max.get()) {
      return Optional.of(path + " must have at most " + max.get() + " characters");
    }
    Optional<String> pattern = schema.string("pattern");
    if (pattern.isPresent() && !Pattern.compile(pattern.get()).matcher(value).find()) {
      return Optional.of(path + " must match " + pattern.get());
    }
    return checkEnum(schema, new JsonString(value), path);
  }

  private static Optional<String> checkNumber(JsonObject schema, JsonNumber value, String path) {
    Optional<Long> min = integer(schema, "minimum");
    if (min.isPresent() && value.value().compareTo(java.math.BigDecimal.valueOf(min.get())) < 0) {
      return Optional.of(path + " must be at least " + min.get());
    }
    Optional<Long> max = integer(schema, "maximum");
    if (max.isPresent() && value.value().compareTo(java.math.BigDecimal.valueOf(max.get())) > 0) {
      return Optional.of(path + " must be at most " + max.get());
    }
    return checkEnum(schema, value, path);
  }

  private static Optional<String> checkEnum(JsonObject schema, Json value, String path) {
    if (schema.get("enum").orElse(null) instanceof JsonArray values
        && !values.elements().contains(value)) {
      return Optional.of(path + " must be one of " + values.write());
    }
    return Optional.empty();
  }

  private static Optional<Long> integer(JsonObject schema, String keyword) {
    return schema.get(keyword).map(j -> j instanceof JsonNumber n ? n.value().longValue() : null);
  }

  private static String names(JsonObject properties) {
    return properties.members().isEmpty()
        ? "none"
        : String.join(", ", properties.members().keySet());
  }

  private static String article(String type) {
    return switch (type) {
      case "object", "array", "integer" -> "an " + type;
      case "null" -> "null";
      default -> "a " + type;
    };
  }
}
