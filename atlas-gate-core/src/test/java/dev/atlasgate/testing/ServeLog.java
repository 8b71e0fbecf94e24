package dev.atlasgate.testing;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard error of an {@code atlas-gate serve} process, read line by line on a daemon thread
 * until the process ends (so that its pipe never fills): every line kept, and the endpoint of its
 * {@code listening on URL} line.
 */
public final class ServeLog {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/mcp)");

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<URI> endpoint = new CompletableFuture<>();

  private ServeLog() {}

  /** Starts reading the standard error of {@code process}. */
  public static ServeLog follow(Process process) {
    requireNonNull(process, "process is null");
    ServeLog log = new ServeLog();
    Thread.ofPlatform()
        .daemon()
        .name("atlas-gate-serve-log-" + process.pid())
        .start(() -> log.read(process));
    return log;
  }

  private void read(Process process) {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = err.readLine()) != null; ) {
        lines.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          endpoint.complete(URI.create(m.group(1)));
        }
      }
    } catch (IOException e) {
      // The process ended, or its pipe was closed: what was read is kept.
    }
    endpoint.completeExceptionally(
        new IllegalStateException("atlas-gate serve ended:\n" + String.join("\n", lines)));
  }

  /**
   * The endpoint the process listens on, once it says so.
   *
   * @throws IllegalStateException when the process ends first or is silent for {@code timeout}; the
   *     message holds its log
   */
  public URI awaitEndpoint(Duration timeout) throws InterruptedException {
    try {
      return endpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "atlas-gate serve did not listen within " + timeout + ":\n" + String.join("\n", lines),
          e);
    }
  }

  /** The lines read so far (a live view). */
  public List<String> lines() {
    return lines;
  }
}
