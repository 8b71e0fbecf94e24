package dev.atlasgate.audit;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.json.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What of a call's arguments goes into the audit log: file contents and plans as their digest and
 * size, secrets as {@code "[REDACTED]"}, very long strings cut.
 */
public final class Redaction {
  public static final String REDACTED = "[REDACTED]";

  /** What a number beyond the range of a double is recorded as. */
  public static final String BEYOND_DOUBLE = "[number beyond the double range]";

  static final int MAX_STRING = 4096;
  private static final List<String> SECRET_WORDS =
      List.of(
          "token",
          "password",
          "passwd",
          "secret",
          "api_key",
          "apikey",
          "authorization",
          "credential",
          "private_key",
          "cookie");

  private Redaction() {}

  /** The arguments of {@code tool} as the audit log keeps them. */
  public static JsonObject redact(String tool, JsonObject args) {
    JsonObject.Builder out = JsonObject.builder();
    args.forEach(
        (name, value) -> out.put(JsonString.wellFormed(name), member(tool, args, name, value)));
    return out.build();
  }

  private static Json member(String tool, JsonObject args, String name, Json value) {
    if (looksSecret(name)) {
      return Json.of(REDACTED);
    }
    if (tool.equals("write_file") && name.equals("content") && value instanceof JsonString s) {
      boolean base64 = args.string("encoding").filter("base64"::equals).isPresent();
      return digest(bytes(s.value(), base64));
    }
    if (name.equals("plan") && value instanceof JsonObject plan) {
      String canonical = plan.canonical();
      return JsonObject.builder()
          .put("sha256", Sha256.hex(canonical))
          .put("bytes", canonical.getBytes(StandardCharsets.UTF_8).length)
          .build();
    }
    return scrub(value);
  }

  private static Json scrub(Json value) {
    return switch (value) {
      case JsonObject object -> {
        JsonObject.Builder out = JsonObject.builder();
        object.forEach(
            (k, v) ->
                out.put(JsonString.wellFormed(k), looksSecret(k) ? Json.of(REDACTED) : scrub(v)));
        yield out.build();
      }
      // What the canonical form cannot hold is recorded as what it was, so that the refusal of
      // such a call can be audited.
      case JsonNumber n when !n.fitsDouble() -> Json.of(BEYOND_DOUBLE);
      case JsonString s when !JsonString.isWellFormed(s.value()) ->
          scrub(Json.of(JsonString.wellFormed(s.value())));
      case JsonArray array ->
          new JsonArray(array.elements().stream().map(Redaction::scrub).toList());
      case JsonString s when s.value().length() > MAX_STRING ->
          Json.of(
              s.value().substring(0, MAX_STRING)
                  + "…[truncated "
                  + (s.value().length() - MAX_STRING)
                  + " chars]");
      default -> value;
    };
  }

  private static byte[] bytes(String content, boolean base64) {
    if (base64) {
      try {
        return Base64.getDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        // Not valid base64: the write is refused anyway; record the text as given.
      }
    }
    return content.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject digest(byte[] bytes) {
    return JsonObject.builder().put("sha256", Sha256.hex(bytes)).put("bytes", bytes.length).build();
  }

  private static boolean looksSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replace('-', '_');
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }
}
