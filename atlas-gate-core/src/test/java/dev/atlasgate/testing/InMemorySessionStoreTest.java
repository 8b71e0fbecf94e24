package dev.atlasgate.testing;

import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.SessionStore;
import java.time.Duration;
import java.time.Instant;

class InMemorySessionStoreTest extends SessionStoreContract {
  private final MutableClock clock = new MutableClock(START);

  @Override
  protected SessionStore newStore() {
    return new InMemorySessionStore(clock);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected void advance(Duration duration) {
    clock.advance(duration);
  }
}
