package dev.atlasgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PlanHashTest {
  @Test
  void hash_isSha256OfTheCanonicalForm_computedIndependently() throws Exception {
    JsonObject plan =
        (JsonObject)
            Json.parse(
                "{ \"version\" : 1.0, \"plan_id\" : \"ABC\", \"scope\" : { \"allow\" : [ \"src/**\" ] } }");
    String canonical = "{\"plan_id\":\"ABC\",\"scope\":{\"allow\":[\"src/**\"]},\"version\":1}";
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    assertThat(PlanHash.of(plan).value()).isEqualTo(expected);
  }

  @Test
  void memberOrderAndWhitespace_doNotChangeTheHash_contentDoes() {
    JsonObject a = (JsonObject) Json.parse(PlanLinterTest.VALID);
    JsonObject b = (JsonObject) Json.parse(Json.parse(PlanLinterTest.VALID).canonical());
    assertThat(PlanHash.of(a)).isEqualTo(PlanHash.of(b));
    assertThat(PlanHash.of(a.with("title", Json.of("Clean up the API!"))))
        .isNotEqualTo(PlanHash.of(a));
  }

  @Test
  void parse_acceptsOnly64LowercaseHex() {
    assertThat(PlanHash.parse("a".repeat(64))).isPresent();
    assertThat(PlanHash.parse("A".repeat(64))).isEmpty();
    assertThat(PlanHash.parse("a".repeat(63))).isEmpty();
    assertThatThrownBy(() -> new PlanHash("xyz")).isInstanceOf(IllegalArgumentException.class);
  }
}
