package dev.atlasgate.microbench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 * java -cp microbench.jar dev.atlasgate.microbench.DurableReplaceRate DIR WRITERS SECONDS [BYTES]
 * </pre>
 *
 * Prints one line: {@code ceiling: writers W, seconds S, replaces N, replaces/s R}.
 */
public final class DurableReplaceRate {
  private DurableReplaceRate() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: DurableReplaceRate DIR WRITERS SECONDS [BYTES]");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    int writers = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    byte[] content = new byte[args.length > 3 ? Integer.parseInt(args[3]) : 256];
    java.util.Arrays.fill(content, (byte) 'x');
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
                    replace(dir, target, content);
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
    System.out.printf(
        "ceiling: writers %d, seconds %d, replaces %d, replaces/s %.1f%n",
        writers, seconds, total, total / elapsed);
  }

  /** Temporary file, write, fsync, atomic rename over the target, fsync of the directory. */
  static void replace(Path dir, Path target, byte[] content) throws IOException {
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
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
