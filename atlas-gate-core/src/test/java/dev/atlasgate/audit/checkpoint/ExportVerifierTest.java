package dev.atlasgate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.audit.StoredEntry;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With only an export, signed checkpoints and the public key, a third party detects truncation,
 * rewriting, forks and foreign signatures, each by name.
 */
class ExportVerifierTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("audit.example");
  private static final Checkpointer.Options RARELY =
      new Checkpointer.Options("atlas-gate", 1_000_000, Duration.ofHours(1));

  private static InMemoryAuditLog log(String prefix, int entries) {
    InMemoryAuditLog log = new InMemoryAuditLog();
    append(log, prefix, entries);
    return log;
  }

  private static void append(InMemoryAuditLog log, String prefix, int entries) {
    for (int i = 0; i < entries; i++) {
      log.append(CheckpointerTest.event(prefix + i));
    }
  }

  private static String sign(InMemoryAuditLog log, NoteSigner signer) {
    try (Checkpointer checkpointer =
        Checkpointer.start(
            log, signer, new InMemoryCheckpointStore(), RARELY, new CheckpointerTest.Heard())) {
      return checkpointer.checkpointNow().orElseThrow().note();
    }
  }

  private static List<StoredEntry> export(InMemoryAuditLog log) {
    try (Stream<StoredEntry> entries = log.entries(1)) {
      return entries.toList();
    }
  }

  private static ExportVerifier.Outcome verify(List<StoredEntry> export, String... notes) {
    List<String> names = Stream.of(notes).map(n -> "checkpoint-" + n.length()).toList();
    return ExportVerifier.verify(export.stream(), List.of(notes), names, SIGNER.verifier());
  }

  @Test
  void anHonestExport_verifiesAgainstItsCheckpoint() {
    InMemoryAuditLog log = log("t", 20);
    String note = sign(log, SIGNER);
    append(log, "later", 5); // entries after the checkpoint are fine
    ExportVerifier.Outcome outcome = verify(export(log), note);
    assertThat(outcome.valid()).as(outcome.detail()).isTrue();
    assertThat(outcome.checkpointSize()).isEqualTo(20);
  }

  @Test
  void aTruncatedTail_isNamedTruncated() {
    InMemoryAuditLog log = log("t", 20);
    String note = sign(log, SIGNER);
    List<StoredEntry> cut = export(log).subList(0, 17);
    ExportVerifier.Outcome outcome = verify(cut, note);
    assertThat(outcome.reason()).contains("TRUNCATED");
    assertThat(outcome.detail()).contains("18 to 20");
  }

  @Test
  void aLogRewrittenWithRecomputedHashes_isNamedRewritten() {
    String note = sign(log("t", 20), SIGNER);
    // a valid chain of the same length, every hash recomputed: the chain alone cannot tell
    List<StoredEntry> rewritten = export(log("forged", 20));
    ExportVerifier.Outcome outcome = verify(rewritten, note);
    assertThat(outcome.reason()).contains("REWRITTEN");
  }

  @Test
  void twoInstancesForkedViews_areNamedFork() {
    InMemoryAuditLog shared = log("t", 10);
    InMemoryAuditLog viewA = log("t", 10);
    InMemoryAuditLog viewB = log("t", 10);
    append(viewA, "a", 6);
    append(viewB, "b", 6);
    String common = sign(shared, SIGNER);
    String signedA = sign(viewA, SIGNER);
    String signedB = sign(viewB, SIGNER);
    assertThat(verify(export(viewA), common, signedA).valid()).isTrue();
    ExportVerifier.Outcome outcome = verify(export(viewA), common, signedB);
    assertThat(outcome.reason()).contains("FORK");
    assertThat(verify(export(viewA), signedA, signedB).reason()).contains("FORK");
  }

  @Test
  void aCheckpointSignedByAnotherKey_isRejected() {
    InMemoryAuditLog log = log("t", 5);
    String foreign = sign(log, NoteSigner.generate("audit.example"));
    ExportVerifier.Outcome outcome = verify(export(log), foreign);
    assertThat(outcome.reason()).contains("UNKNOWN_KEY");
  }

  @Test
  void anEditedEntry_isStillNamedByTheChain() {
    InMemoryAuditLog log = log("t", 5);
    String note = sign(log, SIGNER);
    List<StoredEntry> entries = new java.util.ArrayList<>(export(log));
    var edited =
        ((StoredEntry.Readable) entries.get(2))
            .json()
            .with("tool", dev.atlasgate.json.Json.of("x"));
    entries.set(2, new StoredEntry.Readable(edited));
    assertThat(verify(entries, note).reason()).contains("HASH_MISMATCH");
  }
}
