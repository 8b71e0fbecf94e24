package dev.atlasgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.checkpoint.Checkpoint;
import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CheckpointStore} must do; each backend runs it against a real server. */
public abstract class CheckpointStoreContract {
  private static final NoteSigner SIGNER = NoteSigner.generate("contract.example");
  private CheckpointStore store;

  /** A store that holds no checkpoint yet. */
  protected abstract CheckpointStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static SignedCheckpoint signed(long size, int rootByte) {
    byte[] root = new byte[32];
    root[0] = (byte) rootByte;
    Checkpoint checkpoint = new Checkpoint("atlas-gate", size, root);
    return new SignedCheckpoint(checkpoint, SIGNER.sign(checkpoint.text()));
  }

  @Test
  void anEmptyStore_hasNoLatest() {
    assertThat(store.latest()).isEmpty();
  }

  @Test
  void theLatest_isTheLargestTree_withItsNoteByteForByte() {
    store.save(signed(3, 1));
    store.save(signed(10, 2));
    assertThat(store.latest()).contains(signed(10, 2));
    assertThat(store.latest().orElseThrow().note()).isEqualTo(signed(10, 2).note());
  }

  @Test
  void aSmallerTree_neverReplacesTheLatest() {
    store.save(signed(10, 2));
    store.save(signed(4, 3));
    assertThat(store.latest().orElseThrow().checkpoint().size()).isEqualTo(10);
  }
}
