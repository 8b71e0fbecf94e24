package dev.atlasgate.json;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A JSON number, kept exactly as parsed.
 *
 * <p>Canonical output treats every number as an IEEE 754 double, as RFC 8785 requires.
 */
public record JsonNumber(BigDecimal value) implements Json {
  public JsonNumber {
    requireNonNull(value, "value is null");
  }

  public static JsonNumber of(long value) {
    return new JsonNumber(BigDecimal.valueOf(value));
  }

  public static JsonNumber of(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JSON has no number " + value);
    }
    return new JsonNumber(new BigDecimal(Double.toString(value)));
  }

  /** True when the canonical form can hold this number: it is within the range of a double. */
  public boolean fitsDouble() {
    return fitsDouble(value);
  }

  /** True when {@code value} is within the range of an IEEE 754 double (it may round). */
  public static boolean fitsDouble(BigDecimal value) {
    // Only a number of more than 300 digits before its point can be beyond the range.
    return value.precision() - value.scale() <= 300 || Double.isFinite(value.doubleValue());
  }

  /** True when this number is an integer (whatever its written form, such as {@code 1.0}). */
  public boolean isIntegral() {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  @Override
  public String typeName() {
    return isIntegral() ? "integer" : "number";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonNumber number && value.compareTo(number.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
  }
}
