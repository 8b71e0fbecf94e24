package dev.atlasgate.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final TokenBucketLimiter limiter = new TokenBucketLimiter(10, 20, clock);

  @Test
  void burstIsAdmitted_thenLimited_withRetryAfter() {
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Admitted.class);
    }
    RateLimiter.Admission limited = limiter.tryAcquire("alice");
    assertThat(limited).isEqualTo(new RateLimiter.Admission.Limited(Duration.ofMillis(100)));
    assertThat(limiter.tryAcquire("bob")).isInstanceOf(RateLimiter.Admission.Admitted.class);
  }

  @Test
  void tokensRefillAtTheRate() {
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire("alice");
    }
    clock.advance(Duration.ofMillis(250));
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Admitted.class);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Admitted.class);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Limited.class);
    clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Limited.class);
  }

  @Test
  void aCallerWithAnEarlierClockReading_takesOneToken_andNoMore() {
    // Under load a caller may read the clock, wait, and reach the bucket after later callers:
    // its reading is behind the bucket's time, which must neither drain nor rewind the bucket.
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire("alice");
    }
    clock.advance(Duration.ofSeconds(-30));
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Admitted.class);
    }
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Limited.class);
    clock.advance(Duration.ofSeconds(30).plusMillis(100));
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Admitted.class);
    assertThat(limiter.tryAcquire("alice")).isInstanceOf(RateLimiter.Admission.Limited.class);
  }

  @Test
  void drain_answersWhatWasTakenSinceItLastDid_forBucketsInUse() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("alice");
    }
    limiter.tryAcquire("bob");
    assertThat(limiter.drain()).isEqualTo(java.util.Map.of("alice", 3L, "bob", 1L));
    assertThat(limiter.drain()).as("not full yet: still followed").containsEntry("alice", 0L);
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.drain()).as("full again: nothing to tell").isEmpty();
  }

  @Test
  void adopt_takesTheSharedLevel_lessWhatWasTakenHereSinceTheDrain() {
    limiter.tryAcquire("alice");
    limiter.drain();
    limiter.tryAcquire("alice");
    limiter.tryAcquire("alice");
    limiter.adopt("alice", 2.5, clock.instant());
    assertThat(limiter.tryAcquire("alice"))
        .as("2.5 - 2 left")
        .isInstanceOf(RateLimiter.Admission.Limited.class);
    limiter.restore("alice", 5);
    assertThat(limiter.drain()).containsEntry("alice", 7L);
  }
}
