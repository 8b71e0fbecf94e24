package dev.atlasgate.json;

/**
 * A JSON value: an immutable tree that the gateway parses, inspects and writes.
 *
 * <p>The gateway keeps its own small JSON model because the identity of plans and audit entries is
 * the hash of their RFC 8785 canonical form, which needs exact control over numbers, strings and
 * member order.
 */
public sealed interface Json
    permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBool, JsonNull {

  /** Parses one JSON text with the default limits. */
  static Json parse(String text) {
    return JsonParser.parse(text, JsonParser.DEFAULT_MAX_DEPTH);
  }

  /** Writes this value compactly, keeping member order. */
  default String write() {
    return JsonWriter.compact(this);
  }

  /** Writes this value in its RFC 8785 (JCS) canonical form. */
  default String canonical() {
    return JsonWriter.canonical(this);
  }

  /** The lowercase hex SHA-256 of this value's canonical form in UTF-8. */
  default String canonicalSha256() {
    return Sha256.hex(canonical());
  }

  /** A short name of this value's type, as JSON Schema names it. */
  String typeName();

  static JsonString of(String value) {
    return new JsonString(value);
  }

  static JsonNumber of(long value) {
    return JsonNumber.of(value);
  }

  static JsonBool of(boolean value) {
    return value ? JsonBool.TRUE : JsonBool.FALSE;
  }
}
