package dev.atlasgate.plan;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import java.util.Optional;

/** The identity of a plan: the lowercase hex SHA-256 of its RFC 8785 canonical JSON. */
public record PlanHash(String value) {
  public PlanHash {
    requireNonNull(value, "value is null");
    if (!Sha256.isHex(value)) {
      throw new IllegalArgumentException("plan hash must be 64 lowercase hex digits: " + value);
    }
  }

  public static PlanHash of(JsonObject document) {
    return new PlanHash(document.canonicalSha256());
  }

  public static Optional<PlanHash> parse(String value) {
    return value != null && Sha256.isHex(value)
        ? Optional.of(new PlanHash(value))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
