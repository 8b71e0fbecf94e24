package dev.atlasgate.microbench;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.store.file.FileAuditLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The disk's own ceiling for what a governed {@code write_file} must do at least: a durable replace
 * of a file (temporary file beside it, write, fsync, rename over the target, fsync of the
 * directory), by WRITERS concurrent writers (virtual threads, as the gateway's requests), each on
 * its own file, for SECONDS seconds.
 *
 * <pre>
 * java -cp microbench.jar dev.atlasgate.microbench.DurableReplaceRate DIR WRITERS SECONDS [BYTES] [audited]
 * </pre>
 *
 * <p>With {@code audited}, each replace also does the one more durable step a governed write cannot
 * skip: between the fsync of the temporary file and the rename, an entry appended to a file audit
 * log in {@code DIR} ({@link FileAuditLog}, group commit) and waited for until it is on disk, as
 * the gateway's {@code ok} entry is the write's commit record. That is the disk's ceiling for the
 * governed write itself, with none of the gateway's protocol or governance work.
 *
 * <p>Prints one line: {@code ceiling: writers W, seconds S, replaces N, replaces/s R} ({@code
 * audited ceiling: …} with {@code audited}).
 */
public final class DurableReplaceRate {
  private DurableReplaceRate() {}

  public static void main(String[] args) throws Exception {
    boolean audited = args.length > 0 && args[args.length - 1].equals("audited");
    int positional = audited ? args.length - 1 : args.length;
    if (positional < 3 || positional > 4) {
      System.err.println("usage: DurableReplaceRate DIR WRITERS SECONDS [BYTES] [audited]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    int writers = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    byte[] content = new byte[positional > 3 ? Integer.parseInt(args[3]) : 256];
    Arrays.fill(content, (byte) 'x');
    Optional<AuditLog> log =
        audited
            ? Optional.of(FileAuditLog.open(dir.resolve("audit-" + System.nanoTime() + ".jsonl")))
            : Optional.empty();
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Long>> counts = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < writers; w++) {
        Path target = dir.resolve("w" + w + ".txt");
        counts.add(
            pool.submit(
                () -> {
                  long n = 0;
                  while (!stop.get()) {
                    replace(dir, target, content, log);
                    n++;
                  }
                  return n;
                }));
      }
      Thread.sleep(seconds * 1000L);
      stop.set(true);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    log.ifPresent(AuditLog::close);
    System.out.printf(
        "%sceiling: writers %d, seconds %d, replaces %d, replaces/s %.1f%n",
        audited ? "audited " : "", writers, seconds, total, total / elapsed);
  }

  /**
   * Temporary file, write, fsync, (with a log: an entry appended and durable), atomic rename over
   * the target, fsync of the directory.
   */
  static void replace(Path dir, Path target, byte[] content, Optional<AuditLog> log)
      throws IOException {
    Path temp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    if (log.isPresent()) {
      log.get().append(entry(target));
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  private static AuditEvent entry(Path target) {
    return new AuditEvent(
        Instant.now(),
        "bench",
        Optional.of("session"),
        Optional.of("bench"),
        Optional.of("WINDSURF"),
        "write_file",
        Optional.of("/srv/repos/app"),
        Optional.empty(),
        Optional.empty(),
        JsonObject.builder().put("path", target.getFileName().toString()).build(),
        true,
        Optional.empty(),
        1);
  }
}
