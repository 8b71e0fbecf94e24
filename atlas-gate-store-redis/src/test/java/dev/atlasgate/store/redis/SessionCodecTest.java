package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.TransportSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionCodecTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");

  @Test
  void session_roundTripsExactly_withoutItsId() {
    Session session =
        Session.start(
                SessionId.random(),
                Role.ANTIGRAVITY,
                Path.of("/srv/w"),
                "al",
                NOW,
                Duration.ofHours(1))
            .touched(NOW.plusNanos(1), Duration.ofHours(1));
    String text = SessionCodec.encode(session);
    assertThat(text)
        .isEqualTo(
            "{\"v\":1,\"role\":\"ANTIGRAVITY\",\"workspace_root\":\"/srv/w\",\"principal\":\"al\","
                + "\"created_at\":\"2026-03-04T05:06:07.123456789Z\","
                + "\"last_activity\":\"2026-03-04T05:06:07.123456790Z\","
                + "\"expires_at\":\"2026-03-04T06:06:07.123456790Z\"}")
        .doesNotContain(session.id().value());
    assertThat(SessionCodec.decodeSession(session.id(), text)).isEqualTo(session);
  }

  @Test
  void transport_roundTripsWithAndWithoutItsGovernanceSession() {
    TransportSession transport =
        TransportSession.start("2025-06-18", "bob", NOW, Duration.ofMinutes(5));
    String unbound = SessionCodec.encode(transport);
    assertThat(unbound).doesNotContain("governance");
    assertThat(SessionCodec.decodeTransport(transport.id(), unbound)).isEqualTo(transport);
    TransportSession bound = transport.bound(SessionId.random());
    assertThat(SessionCodec.decodeTransport(bound.id(), SessionCodec.encode(bound)))
        .isEqualTo(bound);
    assertThat(SessionCodec.principal(SessionCodec.encode(bound))).isEqualTo("bob");
  }

  @Test
  void valuesThatAreNotSessions_areRefused() {
    SessionId id = SessionId.random();
    assertThatThrownBy(() -> SessionCodec.decodeSession(id, "[1]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionCodec.decodeSession(id, "{\"v\":1}"))
        .hasMessageContaining("\"role\"");
  }

  @Test
  void ttl_isRoundedUp_andAtLeastOneMillisecond() {
    assertThat(RedisSessionStore.ttlMillis(NOW, NOW.plusMillis(1500))).isEqualTo(1500);
    assertThat(RedisSessionStore.ttlMillis(NOW, NOW.plusNanos(1_500_001))).isEqualTo(2);
    assertThat(RedisSessionStore.ttlMillis(NOW, NOW)).isEqualTo(1);
    assertThat(RedisSessionStore.ttlMillis(NOW, NOW.minusSeconds(5))).isEqualTo(1);
    assertThat(RedisSessionStore.micros(Instant.parse("1970-01-01T00:00:01.000002999Z")))
        .isEqualTo(1_000_002);
  }
}
