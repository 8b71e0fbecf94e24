package dev.atlasgate.gateway;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a call's arguments fit the canonical form its audit entry is hashed in: numbers within
 * the range of a double, text of whole Unicode characters. Arguments that do not are refused as
 * {@code INVALID_ARGUMENT}, never passed on to fail the entry (and with it other callers' entries).
 */
final class CanonicalArguments {
  private CanonicalArguments() {}

  /** The first value the canonical form cannot hold, as a message naming its field. */
  static Optional<String> firstViolation(JsonObject args) {
    return check(args, "arguments");
  }

  private static Optional<String> check(Json value, String path) {
    return switch (value) {
      case JsonNumber n when !n.fitsDouble() ->
          Optional.of(path + " is a number beyond the range of an IEEE 754 double");
      case JsonString s when !wellFormed(s.value()) ->
          Optional.of(path + " is not valid Unicode text (an unpaired surrogate)");
      case JsonObject o -> members(o, path);
      case JsonArray a -> elements(a, path);
      default -> Optional.empty();
    };
  }

  private static Optional<String> members(JsonObject object, String path) {
    for (Map.Entry<String, Json> member : object.members().entrySet()) {
      if (!wellFormed(member.getKey())) {
        return Optional.of("a member name in " + path + " is not valid Unicode text");
      }
      Optional<String> found = check(member.getValue(), path + "." + member.getKey());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> elements(JsonArray array, String path) {
    for (int i = 0; i < array.elements().size(); i++) {
      Optional<String> found = check(array.elements().get(i), path + "[" + i + "]");
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static boolean wellFormed(String text) {
    return JsonString.isWellFormed(text);
  }
}
