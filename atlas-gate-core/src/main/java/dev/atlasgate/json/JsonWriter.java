package dev.atlasgate.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON compactly or in the RFC 8785 (JCS) canonical form.
 *
 * <p>Canonical form: members sorted by their names' UTF-16 code units, no white space, numbers
 * written as ECMAScript writes an IEEE 754 double, strings with the minimal escapes.
 */
final class JsonWriter {
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** Room for a typical message or audit entry without growing. */
  private final StringBuilder out = new StringBuilder(512);

  private final boolean canonical;

  private JsonWriter(boolean canonical) {
    this.canonical = canonical;
  }

  static String compact(Json value) {
    JsonWriter writer = new JsonWriter(false);
    writer.write(value);
    return writer.out.toString();
  }

  static String canonical(Json value) {
    JsonWriter writer = new JsonWriter(true);
    writer.write(value);
    return writer.out.toString();
  }

  private void write(Json value) {
    switch (value) {
      case JsonNull n -> out.append("null");
      case JsonBool b -> out.append(b.value());
      case JsonString s -> string(out, s.value());
      case JsonNumber n -> number(n.value());
      case JsonArray a -> array(a);
      case JsonObject o -> object(o);
    }
  }

  private void array(JsonArray array) {
    out.append('[');
    List<Json> elements = array.elements();
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(elements.get(i));
    }
    out.append(']');
  }

  private void object(JsonObject object) {
    out.append('{');
    Iterable<Map.Entry<String, Json>> members = object.members().entrySet();
    if (canonical) {
      List<Map.Entry<String, Json>> sorted = new ArrayList<>(object.members().entrySet());
      // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 section 3.2.3 asks.
      sorted.sort(Map.Entry.comparingByKey());
      members = sorted;
    }
    boolean first = true;
    for (Map.Entry<String, Json> member : members) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, member.getKey());
      out.append(':');
      write(member.getValue());
    }
    out.append('}');
  }

  private void number(BigDecimal value) {
    if (!canonical && value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
      if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
        out.append(value.longValueExact());
        return;
      }
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw new JsonException("number " + value + " is out of the range of an IEEE 754 double");
    }
    out.append(EcmaNumbers.toString(d));
  }

  static void string(StringBuilder out, String value) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(value, start, i).append(escapeOf(c));
      start = i + 1;
    }
    out.append(value, start, value.length()).append('"');
  }

  private static String escapeOf(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> "\\u%04x".formatted((int) c);
    };
  }
}
