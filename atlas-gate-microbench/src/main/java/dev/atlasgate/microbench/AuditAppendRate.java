package dev.atlasgate.microbench;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.InMemoryCheckpointStore;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.postgres.PostgresAuditLog;
import dev.atlasgate.store.postgres.PostgresDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Audit appends per second with many concurrent callers, each waiting until its entry is durable
 * (as a gateway's calls do), then a verification of the whole chain.
 *
 * <pre>
 * java -cp microbench.jar dev.atlasgate.microbench.AuditAppendRate postgres URL THREADS SECONDS
 * java -cp microbench.jar dev.atlasgate.microbench.AuditAppendRate file PATH THREADS SECONDS
 * java -cp microbench.jar dev.atlasgate.microbench.AuditAppendRate file PATH THREADS SECONDS checkpoints
 * </pre>
 *
 * Prints one JSON line: backend, threads, seconds, appends, appends_per_second, chain_valid; with
 * {@code checkpoints}, a checkpointer follows the log as in a gateway with {@code
 * ATLAS_CHECKPOINT_KEY} (defaults: every 1000 entries or 10 s) and the line adds the size of the
 * last checkpoint signed.
 */
public final class AuditAppendRate {
  private AuditAppendRate() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 && !(args.length == 5 && args[4].equals("checkpoints"))) {
      System.err.println(
          "usage: AuditAppendRate postgres|file URL|PATH THREADS SECONDS [checkpoints]");
      System.exit(2);
    }
    String backend = args[0];
    int threads = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    PostgresDatabase database = null;
    AuditLog log;
    if (backend.equals("postgres")) {
      database = PostgresDatabase.open(args[1]);
      log = PostgresAuditLog.open(database);
    } else {
      log = FileAuditLog.open(Path.of(args[1]));
    }
    Optional<Checkpointer> checkpointer =
        args.length == 5 ? Optional.of(checkpointer(log)) : Optional.empty();
    long before = log.head().seq();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Long>> callers = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        callers.add(
            pool.submit(
                () -> {
                  long n = 0;
                  while (!stop.get()) {
                    long seq = log.append(event(thread, n++)).seq();
                    checkpointer.ifPresent(c -> c.appended(seq));
                  }
                  return n;
                }));
      }
      Thread.sleep(seconds * 1000L);
      stop.set(true);
      long appended = 0;
      for (Future<Long> caller : callers) {
        appended += caller.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long checkpointSize =
          checkpointer.flatMap(c -> c.latest().map(l -> l.checkpoint().size())).orElse(0L);
      Verification verification;
      try (Stream<StoredEntry> entries = log.entries(1)) {
        verification = ChainVerifier.verify(entries);
      }
      System.out.printf(
          "{\"backend\":\"%s\",\"threads\":%d,\"seconds\":%.1f,\"appends\":%d,"
              + "\"appends_per_second\":%.0f,\"head_seq\":%d,\"chain_valid\":%b,"
              + "\"last_checkpoint_size\":%d}%n",
          backend,
          threads,
          elapsed,
          appended,
          appended / elapsed,
          before + appended,
          verification.valid() && verification.headSeq() == before + appended,
          checkpointSize);
    } finally {
      checkpointer.ifPresent(Checkpointer::close);
      log.close();
      if (database != null) {
        database.close();
      }
    }
  }

  /** A checkpointer with the gateway's default cadence and a throw-away key. */
  private static Checkpointer checkpointer(AuditLog log) {
    return Checkpointer.start(
        log,
        NoteSigner.generate("bench"),
        new InMemoryCheckpointStore(),
        new Checkpointer.Options("bench", 1000, Duration.ofSeconds(10)),
        new Checkpointer.Listener() {
          @Override
          public void issued(SignedCheckpoint checkpoint) {}

          @Override
          public void refused(String reason, String detail) {
            System.err.println("checkpoint refused: " + reason + ": " + detail);
          }

          @Override
          public void failed(Throwable failure) {
            failure.printStackTrace();
          }
        });
  }

  private static AuditEvent event(int thread, long n) {
    return new AuditEvent(
        Instant.now(),
        "bench",
        Optional.of("session-" + thread),
        Optional.of("bench"),
        Optional.of("WINDSURF"),
        "read_file",
        Optional.of("/srv/repos/app"),
        Optional.empty(),
        Optional.empty(),
        JsonObject.builder().put("path", "src/file-" + n + ".txt").build(),
        true,
        Optional.empty(),
        1);
  }
}
