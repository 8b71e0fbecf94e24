package dev.atlasgate.json;

import static java.util.Objects.requireNonNull;

/** A JSON string. */
public record JsonString(String value) implements Json {
  public JsonString {
    requireNonNull(value, "value is null");
  }

  /** Whether {@code text} is whole Unicode characters: no unpaired surrogate. */
  public static boolean isWellFormed(String text) {
    int length = text.length();
    int i = 0;
    // Fast path: most text has no surrogate at all (one range test per char).
    while (i < length && !Character.isSurrogate(text.charAt(i))) {
      i++;
    }
    for (; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** {@code text} with each unpaired surrogate replaced by U+FFFD. */
  public static String wellFormed(String text) {
    if (isWellFormed(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  @Override
  public String typeName() {
    return "string";
  }
}
