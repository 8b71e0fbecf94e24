package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.gateway.PathLocks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Path locks across instances through PostgreSQL advisory locks. */
class PostgresPathLocksIT {
  private static final Path ROOT = Path.of("/workspace");

  private DatabaseUrl url;
  private PostgresDatabase database;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void open() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
    database.close();
    TestPostgres.server().drop(url);
  }

  private PostgresPathLocks instance(int connections) {
    PostgresPathLocks locks = PostgresPathLocks.open(database, connections);
    opened.add(locks);
    return locks;
  }

  @Test
  void manyWrites_holdTheirLocksAtOnce_onFewConnections() throws Exception {
    PostgresPathLocks locks = instance(2);
    int writes = 40;
    CountDownLatch allHeld = new CountDownLatch(writes);
    CountDownLatch finish = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> holders = new ArrayList<>();
      for (int i = 0; i < writes; i++) {
        String path = "src/file-" + i + ".txt";
        holders.add(
            pool.submit(
                () -> {
                  try (PathLocks.Held held = locks.lock(ROOT, path)) {
                    allHeld.countDown();
                    finish.await();
                  }
                  return null;
                }));
      }
      // With a connection per held lock, only two of the forty could be held at once.
      boolean all = allHeld.await(20, TimeUnit.SECONDS);
      finish.countDown();
      assertThat(all).as("all forty locks held at once").isTrue();
      for (Future<?> holder : holders) {
        holder.get(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aPathHeldByOneInstance_waitsOnTheOther_untilItIsReleased() throws Exception {
    PostgresPathLocks first = instance(2);
    PostgresPathLocks second = instance(2);
    PathLocks.Held held = first.lock(ROOT, "docs/guide.md");
    CompletableFuture<Boolean> waiting = takeAndRelease(second, "docs/guide.md");
    try {
      waiting.get(300, TimeUnit.MILLISECONDS);
      throw new AssertionError("the second instance took a lock the first holds");
    } catch (TimeoutException expected) {
      // still waiting, as it must
    }
    // another path is not held up
    second.lock(ROOT, "docs/other.md").close();
    held.close();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    // and once released by the second, the first takes it again
    first.lock(ROOT, "docs/guide.md").close();
  }

  @Test
  void aLockDiesWithItsInstance() throws Exception {
    PostgresPathLocks first = PostgresPathLocks.open(database, 1);
    PostgresPathLocks second = instance(1);
    first.lock(ROOT, "a.txt");
    first.close(); // the process is gone: its connection, and every lock on it, with it
    assertThat(takeAndRelease(second, "a.txt").get(10, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Takes and gives back the lock of {@code path} on a thread of its own (locks are per thread).
   */
  private static CompletableFuture<Boolean> takeAndRelease(PostgresPathLocks locks, String path) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (PathLocks.Held held = locks.lock(ROOT, path)) {
            return true;
          }
        });
  }
}
