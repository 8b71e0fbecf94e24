package dev.atlasgate.json;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A strict RFC 8259 parser.
 *
 * <p>It refuses what RFC 8785 (I-JSON) refuses too: duplicate member names, unpaired surrogates and
 * numbers beyond the range of an IEEE 754 double, which no canonical form (and so no audit entry)
 * can hold. Nesting deeper than the limit is refused before it can exhaust the stack.
 */
public final class JsonParser {
  public static final int DEFAULT_MAX_DEPTH = 64;
  private static final int MAX_NUMBER_LENGTH = 400;

  private final String text;
  private final int maxDepth;
  private int pos;

  private JsonParser(String text, int maxDepth) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  /** Parses exactly one JSON value, with optional white space around it. */
  public static Json parse(String text, int maxDepth) {
    JsonParser parser = new JsonParser(requireNonNull(text, "text is null"), maxDepth);
    parser.skipWhitespace();
    Json value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected data after the JSON value");
    }
    return value;
  }

  /** Parses exactly one JSON value from UTF-8 bytes; invalid UTF-8 is refused, never replaced. */
  public static Json parse(byte[] utf8, int maxDepth) {
    return parse(decodeUtf8(utf8, 0, utf8.length), maxDepth);
  }

  /**
   * Decodes {@code length} bytes of UTF-8 from {@code offset}.
   *
   * @throws JsonException naming the offset of the first byte that is not UTF-8
   */
  public static String decodeUtf8(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new JsonException(
          "invalid UTF-8 at byte " + (in.position() - offset) + ": the text must be UTF-8");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private Json value(int depth) {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> new JsonString(string());
      case 't' -> literal("true", JsonBool.TRUE);
      case 'f' -> literal("false", JsonBool.FALSE);
      case 'n' -> literal("null", JsonNull.INSTANCE);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + printable(c) + "'");
      }
    };
  }

  private JsonObject object(int depth) {
    checkDepth(depth);
    pos++;
    LinkedHashMap<String, Json> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return JsonObject.EMPTY;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a member name in double quotes");
      }
      int namePos = pos;
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (members.put(name, value(depth)) != null) {
        pos = namePos;
        throw error("duplicate member name \"" + name + "\"");
      }
      skipWhitespace();
      char c = next("',' or '}'");
      if (c == '}') {
        return JsonObject.adopt(members);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private JsonArray array(int depth) {
    checkDepth(depth);
    pos++;
    List<Json> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return new JsonArray(elements);
    }
    while (true) {
      skipWhitespace();
      elements.add(value(depth));
      skipWhitespace();
      char c = next("',' or ']'");
      if (c == ']') {
        return new JsonArray(elements);
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder out = null;
    int start = pos;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String value =
            out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
        pos++;
        return value;
      }
      if (c < 0x20) {
        throw error("control character U+%04X must be escaped in a string".formatted((int) c));
      }
      if (c == '\\') {
        if (out == null) {
          out = new StringBuilder();
        }
        out.append(text, start, pos);
        escape(out);
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private void escape(StringBuilder out) {
    pos++;
    char c = next("an escape character");
    switch (c) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> unicodeEscape(out);
      default -> {
        pos--;
        throw error("invalid escape '\\" + printable(c) + "'");
      }
    }
  }

  private void unicodeEscape(StringBuilder out) {
    char unit = hex4();
    if (Character.isHighSurrogate(unit)) {
      if (!text.startsWith("\\u", pos)) {
        throw error("unpaired surrogate \\u%04x".formatted((int) unit));
      }
      pos += 2;
      char low = hex4();
      if (!Character.isLowSurrogate(low)) {
        throw error("unpaired surrogate \\u%04x".formatted((int) unit));
      }
      out.append(unit).append(low);
    } else if (Character.isLowSurrogate(unit)) {
      throw error("unpaired surrogate \\u%04x".formatted((int) unit));
    } else {
      out.append(unit);
    }
  }

  private char hex4() {
    if (pos + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos + i), 16);
      if (digit < 0) {
        throw error("invalid \\u escape");
      }
      value = value * 16 + digit;
    }
    pos += 4;
    return (char) value;
  }

  private JsonNumber number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (!digits()) {
      throw error("invalid number");
    }
    if (peek() == '.') {
      pos++;
      if (!digits()) {
        throw error("invalid number: digits expected after '.'");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error("invalid number: digits expected in the exponent");
      }
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      pos = start;
      throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException | ArithmeticException e) {
      pos = start;
      throw error("number out of range");
    }
    if (!JsonNumber.fitsDouble(value)) {
      pos = start;
      throw error("number beyond the range of an IEEE 754 double");
    }
    return new JsonNumber(value);
  }

  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos > start;
  }

  private Json literal(String word, Json value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character '" + printable(text.charAt(pos)) + "'");
    }
    pos += word.length();
    return value;
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw error("nesting deeper than " + maxDepth + " levels");
    }
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next(String expected) {
    if (pos >= text.length()) {
      throw error("unexpected end of input, expected " + expected);
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private JsonException error(String message) {
    return new JsonException("invalid JSON at offset " + pos + ": " + message);
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? "U+%04X".formatted((int) c) : String.valueOf(c);
  }
}
