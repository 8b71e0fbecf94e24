package dev.atlasgate.json;

/**
 * Formats a double as ECMAScript's {@code Number.prototype.toString} does (ECMA-262, section
 * Number::toString), which RFC 8785 prescribes for canonical JSON.
 *
 * <p>Since JDK 19, {@link Double#toString(double)} yields the shortest decimal that rounds to the
 * double, choosing the closest (then the even) one as ECMAScript does; only the layout differs, so
 * the digits and exponent are taken from it and laid out again.
 */
final class EcmaNumbers {
  private EcmaNumbers() {}

  static String toString(double value) {
    if (value == 0) {
      return "0";
    }
    if (value < 0) {
      return "-" + toString(-value);
    }
    String java = Double.toString(value);
    int e = java.indexOf('E');
    String mantissa = e < 0 ? java : java.substring(0, e);
    int exponent = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    // value = 0.digits * 10^n once leading zeros are dropped.
    int n = dot + exponent;
    int lead = 0;
    while (digits.charAt(lead) == '0') {
      lead++;
    }
    digits = digits.substring(lead);
    n -= lead;
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    if (digits.length() == 2) {
      // Java always prints two digits; ECMAScript prints one when one digit round-trips.
      int one = shorterDigit(value, digits, n);
      if (one == 10) {
        return layout("1", n + 1);
      }
      if (one > 0) {
        return layout(String.valueOf(one), n);
      }
    }
    return layout(digits, n);
  }

  /** The one-digit decimal closest to {@code value} that still reads back as it, or 0. */
  private static int shorterDigit(double value, String digits, int n) {
    int first = digits.charAt(0) - '0';
    int second = digits.charAt(1) - '0';
    int[] candidates = second >= 5 ? new int[] {first + 1, first} : new int[] {first, first + 1};
    for (int candidate : candidates) {
      String text = candidate + "E" + (n - 1);
      if (Double.parseDouble(text) == value) {
        return candidate;
      }
    }
    return 0;
  }

  private static String layout(String s, int n) {
    int k = s.length();
    if (k <= n && n <= 21) {
      return s + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return s.substring(0, n) + "." + s.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + s;
    }
    int exp = n - 1;
    String sign = exp < 0 ? "-" : "+";
    String head = k == 1 ? s : s.charAt(0) + "." + s.substring(1);
    return head + "e" + sign + Math.abs(exp);
  }
}
