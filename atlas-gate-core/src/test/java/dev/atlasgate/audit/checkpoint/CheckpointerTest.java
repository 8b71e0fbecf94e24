package dev.atlasgate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The checkpointer follows a log, signs what it saw, proves it, and refuses to sign a rewrite. */
class CheckpointerTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("atlas-test");
  private static final Checkpointer.Options RARELY =
      new Checkpointer.Options("atlas-gate", 1_000_000, Duration.ofHours(1));

  static AuditEvent event(String tool) {
    return new AuditEvent(
        Instant.parse("2026-12-03T09:00:00Z"),
        "test",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        tool,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        JsonObject.EMPTY,
        true,
        Optional.empty(),
        0);
  }

  private static InMemoryAuditLog log(String prefix, int entries) {
    InMemoryAuditLog log = new InMemoryAuditLog();
    for (int i = 0; i < entries; i++) {
      log.append(event(prefix + i));
    }
    return log;
  }

  /** Records what the background thread reports. */
  static final class Heard implements Checkpointer.Listener {
    final BlockingQueue<SignedCheckpoint> issued = new LinkedBlockingQueue<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final List<Throwable> failed = new CopyOnWriteArrayList<>();

    @Override
    public void issued(SignedCheckpoint checkpoint) {
      issued.add(checkpoint);
    }

    @Override
    public void refused(String reason, String detail) {
      refused.add(reason);
    }

    @Override
    public void failed(Throwable failure) {
      failed.add(failure);
    }
  }

  @Test
  void aCheckpoint_isSigned_andCoversTheEntriesAsRfc9162Leaves() {
    InMemoryAuditLog log = log("t", 11);
    try (Checkpointer checkpointer =
        Checkpointer.start(log, SIGNER, new InMemoryCheckpointStore(), RARELY, new Heard())) {
      SignedCheckpoint signed = checkpointer.checkpointNow().orElseThrow();
      assertThat(SignedNote.open(signed.note(), SIGNER.verifier()))
          .isInstanceOf(SignedNote.Opened.Verified.class);
      List<byte[]> leaves = new ArrayList<>();
      try (var entries = log.entries(1)) {
        entries.forEach(e -> leaves.add(MerkleHashes.entry(((StoredEntry.Readable) e).json())));
      }
      assertThat(signed.checkpoint().size()).isEqualTo(11);
      assertThat(signed.checkpoint().rootHash()).isEqualTo(ReferenceMerkle.mth(leaves));
      InclusionProof proof = checkpointer.inclusion(4, 11);
      assertThat(proof.leafIndex()).isEqualTo(3);
      assertThat(proof.leafHash()).isEqualTo(leaves.get(3));
      assertThat(proof.verify(signed.checkpoint().rootHash())).isTrue();
      assertThat(
              ReferenceMerkle.verifyInclusion(
                  3, 11, leaves.get(3), proof.auditPath(), signed.checkpoint().rootHash()))
          .isTrue();
    }
  }

  @Test
  void theBackgroundThread_signsEveryNEntries() throws InterruptedException {
    InMemoryAuditLog log = new InMemoryAuditLog();
    Heard heard = new Heard();
    var options = new Checkpointer.Options("atlas-gate", 5, Duration.ofHours(1));
    try (Checkpointer checkpointer =
        Checkpointer.start(log, SIGNER, new InMemoryCheckpointStore(), options, heard)) {
      for (int i = 0; i < 5; i++) {
        AuditEntry entry = log.append(event("t" + i));
        checkpointer.appended(entry.seq());
      }
      // the thread's first look at start may sign a smaller tree; the fifth entry wakes it
      SignedCheckpoint signed = heard.issued.poll(20, TimeUnit.SECONDS);
      while (signed != null && signed.checkpoint().size() < 5) {
        signed = heard.issued.poll(20, TimeUnit.SECONDS);
      }
      assertThat(signed).isNotNull();
      assertThat(signed.checkpoint().size()).isEqualTo(5);
    }
    assertThat(heard.failed).isEmpty();
  }

  @Test
  void consistencyProofs_linkEarlierCheckpointsToLaterOnes() {
    InMemoryAuditLog log = log("t", 6);
    try (Checkpointer checkpointer =
        Checkpointer.start(log, SIGNER, new InMemoryCheckpointStore(), RARELY, new Heard())) {
      Checkpoint first = checkpointer.checkpointNow().orElseThrow().checkpoint();
      for (int i = 0; i < 7; i++) {
        log.append(event("u" + i));
      }
      Checkpoint second = checkpointer.checkpointNow().orElseThrow().checkpoint();
      ConsistencyProof proof = checkpointer.consistency(first.size(), second.size());
      assertThat(proof.verify(first.rootHash(), second.rootHash())).isTrue();
      assertThat(
              ReferenceMerkle.verifyConsistency(
                  6, 13, first.rootHash(), second.rootHash(), proof.consistencyPath()))
          .isTrue();
    }
  }

  @Test
  void aRewrittenLog_isNotSigned_andIsReportedAsRewritten() {
    CheckpointStore store = new InMemoryCheckpointStore();
    try (Checkpointer honest =
        Checkpointer.start(log("t", 8), SIGNER, store, RARELY, new Heard())) {
      honest.checkpointNow();
    }
    // the same number of entries and more, chained and hashed correctly, but other content
    Heard heard = new Heard();
    try (Checkpointer rewritten =
        Checkpointer.start(log("forged", 10), SIGNER, store, RARELY, heard)) {
      assertThat(rewritten.checkpointNow().orElseThrow().checkpoint().size()).isEqualTo(8);
    }
    assertThat(heard.refused).contains("REWRITTEN");
    assertThat(store.latest().orElseThrow().checkpoint().size()).isEqualTo(8);
  }

  @Test
  void aTruncatedLog_isNotSigned_andIsReportedAsTruncated() {
    CheckpointStore store = new InMemoryCheckpointStore();
    try (Checkpointer honest =
        Checkpointer.start(log("t", 8), SIGNER, store, RARELY, new Heard())) {
      honest.checkpointNow();
    }
    Heard heard = new Heard();
    try (Checkpointer truncated = Checkpointer.start(log("t", 5), SIGNER, store, RARELY, heard)) {
      truncated.checkpointNow();
    }
    assertThat(heard.refused).contains("TRUNCATED");
    assertThat(store.latest().orElseThrow().checkpoint().size()).isEqualTo(8);
  }

  @Test
  void twoInstancesOnOneChain_signTheSameNotes_intoOneStore() {
    InMemoryAuditLog shared = log("t", 9);
    CheckpointStore store = new InMemoryCheckpointStore();
    try (Checkpointer first = Checkpointer.start(shared, SIGNER, store, RARELY, new Heard());
        Checkpointer second = Checkpointer.start(shared, SIGNER, store, RARELY, new Heard())) {
      SignedCheckpoint a = first.checkpointNow().orElseThrow();
      shared.append(event("u"));
      SignedCheckpoint b = second.checkpointNow().orElseThrow();
      assertThat(b.checkpoint().size()).isEqualTo(10);
      // the first instance adopts the other's newer checkpoint, and signs the same note itself
      assertThat(first.checkpointNow().orElseThrow().note()).isEqualTo(b.note());
      assertThat(
              second
                  .consistency(9, 10)
                  .verify(a.checkpoint().rootHash(), b.checkpoint().rootHash()))
          .isTrue();
    }
  }

  @Test
  void proofsBeyondTheLog_areRefused_namingTheParameter() {
    try (Checkpointer checkpointer =
        Checkpointer.start(
            log("t", 3), SIGNER, new InMemoryCheckpointStore(), RARELY, new Heard())) {
      assertThatThrownBy(() -> checkpointer.inclusion(2, 9)).hasMessageContaining("size 9");
      assertThatThrownBy(() -> checkpointer.inclusion(4, 3)).hasMessageContaining("seq 4");
      assertThatThrownBy(() -> checkpointer.consistency(3, 2)).hasMessageContaining("from 3");
      assertThatThrownBy(() -> checkpointer.consistency(1, 7)).hasMessageContaining("to 7");
    }
  }
}
