package dev.atlasgate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void slack_isATwentiethOfTheTtl_atLeastASecond_atMostHalfTheTtl() {
    assertThat(new Renewal(Duration.ofHours(1)).slack()).isEqualTo(Duration.ofMinutes(3));
    assertThat(new Renewal(Duration.ofSeconds(10)).slack()).isEqualTo(Duration.ofSeconds(1));
    assertThat(new Renewal(Duration.ofSeconds(1)).slack()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void isDue_onceTheLastRenewalIsASlackOld() {
    Renewal renewal = new Renewal(Duration.ofHours(1));
    Instant expiresAt = T0.plus(Duration.ofHours(1));
    assertThat(renewal.isDue(expiresAt, T0)).isFalse();
    assertThat(renewal.isDue(expiresAt, T0.plus(Duration.ofMinutes(3)).minusNanos(1))).isFalse();
    assertThat(renewal.isDue(expiresAt, T0.plus(Duration.ofMinutes(3)))).isTrue();
    assertThat(renewal.isDue(expiresAt, T0.plus(Duration.ofMinutes(59)))).isTrue();
  }

  @Test
  void aNonPositiveTtl_isRefused() {
    assertThatThrownBy(() -> new Renewal(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }
}
