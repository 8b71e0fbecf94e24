package dev.atlasgate.cli;

import dev.atlasgate.audit.checkpoint.Checkpoint;
import dev.atlasgate.audit.checkpoint.ConsistencyProof;
import dev.atlasgate.audit.checkpoint.MerkleHashes;
import dev.atlasgate.audit.checkpoint.NoteVerifier;
import dev.atlasgate.audit.checkpoint.SignedNote;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atlas-gate audit monitor URL}: the witness. It follows a gateway's checkpoints, checks
 * each new one's signature and that it extends the last one kept (a consistency proof), keeps it,
 * and exits 1 on the first inconsistency.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Follows the signed checkpoints of the gateway at URL: each new one must be signed by"
          + " --key and be consistent with the last one kept in --state. Exit 1 on any"
          + " inconsistency (TRUNCATED, FORK, BAD_SIGNATURE, UNKNOWN_KEY), 2 on a usage or I/O"
          + " error (with --once; otherwise it retries)."
    })
final class AuditMonitorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "The gateway's base URL, e.g. https://gw:3000")
  URI url;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PUBKEY",
      description = "The verifier key, or a file holding it (checkpoint.pub).")
  String key;

  @Option(
      names = "--state",
      defaultValue = "atlas-gate-monitor.note",
      paramLabel = "FILE",
      description = "Where the last verified checkpoint is kept between runs.")
  Path state;

  @Option(names = "--interval", defaultValue = "30", paramLabel = "S", description = "Seconds.")
  long interval;

  @Option(names = "--once", description = "Check once and exit.")
  boolean once;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Bearer token of an AUDITOR or OPERATOR, when the gateway requires auth.")
  String token;

  /** Made when the command runs: every start of the program builds this command's object. */
  private @Nullable HttpClient http;

  private HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
    return http;
  }

  @Override
  public Integer call() throws InterruptedException {
    NoteVerifier verifier = CheckpointFiles.verifier(key);
    PrintWriter out = spec.commandLine().getOut();
    while (true) {
      Optional<Integer> verdict;
      try {
        verdict = round(verifier, out);
      } catch (IOException | RuntimeException e) {
        spec.commandLine().getErr().println("atlas-gate audit monitor: " + e.getMessage());
        if (once) {
          return AtlasGate.USAGE;
        }
        verdict = Optional.empty();
      }
      if (verdict.isPresent() && (once || verdict.get() != 0)) {
        return verdict.get();
      }
      Thread.sleep(Duration.ofSeconds(Math.max(1, interval)));
    }
  }

  /** One look: the verdict (0 consistent, 1 not), or empty when nothing could be decided. */
  private Optional<Integer> round(NoteVerifier verifier, PrintWriter out)
      throws IOException, InterruptedException {
    String note = get("/audit/checkpoint");
    Checkpoint latest;
    switch (SignedNote.open(note, verifier)) {
      case SignedNote.Opened.Rejected r -> {
        return alarm(r.reason(), r.detail());
      }
      case SignedNote.Opened.Verified v -> latest = Checkpoint.parse(v.text());
    }
    if (!Files.exists(state)) {
      keep(note);
      out.printf(
          "trusting the first checkpoint: size %d, root %s%n", latest.size(), latest.rootHex());
      return Optional.of(0);
    }
    Checkpoint kept = Checkpoint.parse(opened(Files.readString(state), verifier));
    if (!kept.origin().equals(latest.origin())) {
      return alarm("FORK", "origin changed from " + kept.origin() + " to " + latest.origin());
    }
    if (latest.size() < kept.size()) {
      return alarm(
          "TRUNCATED", "the gateway now signs " + latest.size() + " entries, after " + kept.size());
    }
    if (latest.size() == kept.size()) {
      return latest.equals(kept)
          ? Optional.of(0)
          : alarm("FORK", "two different roots signed for " + kept.size() + " entries");
    }
    ConsistencyProof proof = consistency(kept.size(), latest.size());
    if (!proof.verify(kept.rootHash(), latest.rootHash())) {
      return alarm(
          "FORK",
          "checkpoint of "
              + latest.size()
              + " entries does not extend the kept one of "
              + kept.size());
    }
    keep(note);
    out.printf(
        "consistent: size %d -> %d, root %s%n", kept.size(), latest.size(), latest.rootHex());
    return Optional.of(0);
  }

  private static String opened(String note, NoteVerifier verifier) {
    if (SignedNote.open(note, verifier) instanceof SignedNote.Opened.Verified v) {
      return v.text();
    }
    throw new IllegalStateException("the kept checkpoint in --state is not signed by --key");
  }

  private ConsistencyProof consistency(long from, long to)
      throws IOException, InterruptedException {
    JsonObject json =
        (JsonObject) Json.parse(get("/audit/proof/consistency?from=" + from + "&to=" + to));
    List<byte[]> path =
        ((JsonArray) json.get("consistency_path").orElseThrow())
            .elements().stream().map(j -> MerkleHashes.fromHex(((JsonString) j).value())).toList();
    return new ConsistencyProof(from, to, path);
  }

  private Optional<Integer> alarm(String reason, String detail) {
    spec.commandLine().getOut().printf("INCONSISTENT: %s: %s%n", reason, detail);
    return Optional.of(1);
  }

  private void keep(String note) throws IOException {
    Path dir = state.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".monitor-", ".part");
    Files.writeString(temp, note);
    Files.move(
        temp,
        state,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private String get(String path) throws IOException, InterruptedException {
    String base = url.toString().replaceAll("/+$", "");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }
}
