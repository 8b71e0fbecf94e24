package dev.atlasgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static JsonObject args(String json) {
    return (JsonObject) Json.parse(json);
  }

  @Test
  void writeFileContent_becomesDigestAndSize() {
    JsonObject redacted =
        Redaction.redact("write_file", args("{\"path\":\"a.txt\",\"content\":\"héllo\"}"));
    assertThat(redacted.string("path")).contains("a.txt");
    assertThat(redacted.object("content").orElseThrow().write())
        .isEqualTo("{\"sha256\":\"" + Sha256.hex("héllo") + "\",\"bytes\":6}");
  }

  @Test
  void base64Content_isDigestedAsTheDecodedBytes() {
    JsonObject redacted =
        Redaction.redact("write_file", args("{\"content\":\"AAEC\",\"encoding\":\"base64\"}"));
    assertThat(redacted.object("content").orElseThrow().write())
        .isEqualTo("{\"sha256\":\"" + Sha256.hex(new byte[] {0, 1, 2}) + "\",\"bytes\":3}");
  }

  @Test
  void plan_becomesItsHash() {
    JsonObject plan = args("{\"b\":1,\"a\":2}");
    JsonObject redacted =
        Redaction.redact("save_plan", JsonObject.builder().put("plan", plan).build());
    assertThat(redacted.object("plan").orElseThrow().string("sha256"))
        .contains(plan.canonicalSha256());
  }

  @Test
  void secretLookingKeys_areRedactedAtAnyDepth() {
    JsonObject redacted =
        Redaction.redact(
            "read_file",
            args(
                "{\"Authorization\":\"Bearer x\",\"nested\":{\"api_key\":\"k\",\"list\":[{\"password\":\"p\",\"ok\":1}]}}"));
    assertThat(redacted.write())
        .doesNotContain("Bearer x", "\"k\"", "\"p\"")
        .isEqualTo(
            "{\"Authorization\":\"[REDACTED]\",\"nested\":{\"api_key\":\"[REDACTED]\",\"list\":[{\"password\":\"[REDACTED]\",\"ok\":1}]}}");
  }

  @Test
  void longStrings_areCut() {
    JsonObject redacted =
        Redaction.redact("read_file", JsonObject.builder().put("path", "x".repeat(5000)).build());
    assertThat(redacted.string("path").orElseThrow())
        .hasSize(4096 + "…[truncated 904 chars]".length())
        .endsWith("…[truncated 904 chars]");
  }

  @Test
  void otherToolsContent_isKeptButScrubbed() {
    assertThat(Redaction.redact("read_file", args("{\"content\":\"c\"}")).string("content"))
        .contains("c");
  }
}
