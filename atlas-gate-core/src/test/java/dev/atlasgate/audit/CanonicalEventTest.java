package dev.atlasgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sealing from the canonical parts agrees with hashing the whole entry, and cannot fail. */
class CanonicalEventTest {

  private static AuditEvent event(JsonObject args, boolean ok, Optional<String> session) {
    return new AuditEvent(
        Instant.parse("2026-11-30T12:00:00.456Z"),
        "inst-\u00e9",
        session,
        Optional.of("alice \"quoted\""),
        session.map(s -> "WINDSURF"),
        "write_file",
        session.map(s -> "/srv/w\u2028s"),
        Optional.of("a".repeat(64)),
        Optional.empty(),
        args,
        ok,
        ok ? Optional.empty() : Optional.of("PATH_PROTECTED"),
        17);
  }

  @Test
  void sealAndText_giveTheWholeEntrysCanonicalFormAndItsHash() {
    List<AuditEvent> events =
        List.of(
            event(JsonObject.EMPTY, true, Optional.empty()),
            event(
                (JsonObject)
                    Json.parse("{\"b\":[1.5,1e21,-0.0],\"a\":{\"\\u0000\":\"\\ud83d\\ude00\"}}"),
                false,
                Optional.of("s-1")),
            event(JsonObject.builder().put("x", "\n\t<>").build(), true, Optional.of("s-2")));
    for (AuditEvent e : events) {
      for (long seq : List.of(1L, 9L, 10L, 123_456_789_012L)) {
        String prev = Long.toHexString(seq).repeat(64).substring(0, 64);
        AuditEntry sealed = CanonicalEvent.of(e).seal(seq, prev);
        AuditEntry reference = AuditEntry.seal(seq, e, prev);
        assertThat(sealed).isEqualTo(reference);
        assertThat(AuditEntry.hashOf(sealed.toJson())).isEqualTo(sealed.hash());
        String text = CanonicalEvent.of(e).text(seq, prev);
        assertThat(text).isEqualTo(sealed.toJson().without("hash").canonical());
        assertThat(Sha256.hex(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(sealed.hash());
      }
    }
  }

  @Test
  void anEventWithANumberBeyondTheDoubleRange_isInvalidArgument_beforeItHasAPlace() {
    AuditEvent bad =
        event(
            JsonObject.builder().put("n", new JsonNumber(new BigDecimal("-1e400"))).build(),
            true,
            Optional.empty());

    assertThatThrownBy(() -> CanonicalEvent.of(bad))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void anEventWithAnUnpairedSurrogate_isInvalidArgument() {
    AuditEvent bad =
        event(JsonObject.builder().put("t", "a\ud800b").build(), true, Optional.empty());

    assertThatThrownBy(() -> CanonicalEvent.of(bad))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
