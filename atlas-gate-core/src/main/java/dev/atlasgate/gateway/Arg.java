package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonBool;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * One argument of a tool: its name, its JSON Schema, whether it is required, and how its value is
 * read from arguments that already match that schema. The schema and the reader come from the same
 * factory, so an argument is never published as one type and read as another.
 *
 * @param <T> the value the handler gets
 */
record Arg<T>(String name, JsonObject schema, boolean required, Function<JsonObject, T> reader) {
  Arg {
    requireNonNull(name, "name is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(reader, "reader is null");
  }

  /** A string the caller must give. */
  static Arg<String> string(String name, PropertySchema schema) {
    return new Arg<>(name, checked(schema, "string"), true, a -> a.string(name).orElseThrow());
  }

  /** A string the caller may give. */
  static Arg<Optional<String>> optionalString(String name, PropertySchema schema) {
    return new Arg<>(name, checked(schema, "string"), false, a -> a.string(name));
  }

  /** An integer the caller may give. */
  static Arg<Optional<Long>> optionalInteger(String name, PropertySchema schema) {
    return new Arg<>(
        name,
        checked(schema, "integer"),
        false,
        a -> a.get(name).map(j -> ((JsonNumber) j).value().longValue()));
  }

  /** A boolean the caller may give; absent means false. */
  static Arg<Boolean> flag(String name, String description) {
    return new Arg<>(
        name,
        PropertySchema.bool().describe(description).toJson(),
        false,
        a -> a.get(name).filter(JsonBool.TRUE::equals).isPresent());
  }

  /** An object the caller must give. */
  static Arg<JsonObject> object(String name, PropertySchema schema) {
    return new Arg<>(name, checked(schema, "object"), true, a -> a.object(name).orElseThrow());
  }

  /** A constant of {@code type} the caller may name; the schema lists the constants in order. */
  static <E extends Enum<E>> Arg<Optional<E>> optionalEnum(
      String name, Class<E> type, Optional<String> description) {
    PropertySchema schema =
        PropertySchema.string()
            .oneOf(Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
    description.ifPresent(schema::describe);
    return new Arg<>(
        name, schema.toJson(), false, a -> a.string(name).map(s -> Enum.valueOf(type, s)));
  }

  /** The value of this argument in {@code arguments}, which match the tool's input schema. */
  T read(JsonObject arguments) {
    return reader.apply(arguments);
  }

  private static JsonObject checked(PropertySchema schema, String type) {
    if (!schema.type().equals(type)) {
      throw new IllegalArgumentException(
          "an argument read as " + type + " has a schema of type " + schema.type());
    }
    return schema.toJson();
  }
}
