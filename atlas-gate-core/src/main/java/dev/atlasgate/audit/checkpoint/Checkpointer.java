package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditLog;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Follows an audit log on a background thread, keeps its Merkle tree, signs a checkpoint every
 * {@code every} entries or {@code interval} (whichever comes first, when the tree grew) and on
 * demand, stores it, and serves proofs.
 *
 * <p>Appends never wait for it: {@link #appended(long)} only wakes the thread. It refuses to sign a
 * tree that is not an extension of the latest stored checkpoint (a truncated or rewritten log) and
 * reports that to its {@link Listener} instead.
 */
public final class Checkpointer implements AutoCloseable {
  private final NoteSigner signer;
  private final CheckpointStore store;
  private final Options options;
  private final Listener listener;
  private final MerkleTree tree = new MerkleTree();
  private final LogFollower follower;
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread worker;
  private volatile Optional<SignedCheckpoint> latest;
  private volatile long signedSize;
  private volatile boolean closed;
  private Optional<String> reported = Optional.empty();

  /**
   * When checkpoints are made.
   *
   * @param origin the checkpoint's first line ({@code ATLAS_CHECKPOINT_ORIGIN})
   * @param every entries between checkpoints at most ({@code ATLAS_CHECKPOINT_EVERY})
   * @param interval time between checkpoints at most ({@code ATLAS_CHECKPOINT_SECONDS})
   */
  public record Options(String origin, long every, Duration interval) {
    public Options {
      requireNonNull(origin, "origin is null");
      requireNonNull(interval, "interval is null");
      if (every < 1 || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("every and interval are positive");
      }
    }
  }

  /** Hears what the background thread does; the edge logs it. */
  public interface Listener {
    void issued(SignedCheckpoint checkpoint);

    /** A checkpoint was not signed: {@code reason} is TRUNCATED, REWRITTEN or BROKEN_CHAIN. */
    void refused(String reason, String detail);

    void failed(Throwable failure);
  }

  private Checkpointer(
      AuditLog audit,
      NoteSigner signer,
      CheckpointStore store,
      Options options,
      Listener listener) {
    this.signer = requireNonNull(signer, "signer is null");
    this.store = requireNonNull(store, "store is null");
    this.options = requireNonNull(options, "options is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.follower = new LogFollower(requireNonNull(audit, "audit is null"), tree);
    this.latest = store.latest();
    this.worker = Thread.ofPlatform().name("atlas-checkpointer").daemon().unstarted(this::run);
  }

  /** Starts following {@code audit}; the first pass reads the whole log once. */
  public static Checkpointer start(
      AuditLog audit,
      NoteSigner signer,
      CheckpointStore store,
      Options options,
      Listener listener) {
    Checkpointer checkpointer = new Checkpointer(audit, signer, store, options, listener);
    checkpointer.worker.start();
    return checkpointer;
  }

  /** Says that entry {@code seq} was appended; never blocks. */
  public void appended(long seq) {
    if (seq - signedSize >= options.every()) {
      LockSupport.unpark(worker);
    }
  }

  public NoteVerifier verifier() {
    return signer.verifier();
  }

  /** The latest checkpoint this gateway signed or found stored. */
  public Optional<SignedCheckpoint> latest() {
    return latest;
  }

  /** Reads the log up to its end and signs a checkpoint of it if it grew; returns the latest. */
  public Optional<SignedCheckpoint> checkpointNow() {
    lock.lock();
    try {
      follower.follow();
      signIfGrown();
      return latest;
    } finally {
      lock.unlock();
    }
  }

  /** The inclusion proof of entry {@code seq} in the tree of {@code size} entries. */
  public InclusionProof inclusion(long seq, long size) {
    if (seq < 1 || seq > size) {
      throw new IllegalArgumentException(
          "seq " + seq + " is not in a tree of size " + size + " (1 <= seq <= size)");
    }
    reach(size, "size");
    return new InclusionProof(seq - 1, size, tree.leaf(seq - 1), tree.inclusionPath(seq - 1, size));
  }

  /** The consistency proof from the tree of {@code from} entries to that of {@code to}. */
  public ConsistencyProof consistency(long from, long to) {
    if (from < 1 || from > to) {
      throw new IllegalArgumentException(
          "from " + from + " and to " + to + " need 1 <= from <= to");
    }
    reach(to, "to");
    return new ConsistencyProof(from, to, tree.consistencyPath(from, to));
  }

  /** The root hash of the tree of {@code size} entries. */
  public byte[] root(long size) {
    reach(size, "size");
    return tree.root(size);
  }

  /** Entries the tree holds (the log may already have more). */
  public long treeSize() {
    return tree.size();
  }

  private void reach(long size, String parameter) {
    if (size > tree.size()) {
      lock.lock();
      try {
        follower.follow();
      } finally {
        lock.unlock();
      }
    }
    if (size > tree.size()) {
      throw new IllegalArgumentException(
          parameter + " " + size + " is beyond the log's " + tree.size() + " verified entries");
    }
  }

  private void run() {
    long intervalNanos = options.interval().toNanos();
    while (!closed) {
      try {
        tick();
      } catch (Throwable failure) {
        listener.failed(failure);
      }
      LockSupport.parkNanos(this, intervalNanos);
    }
  }

  private void tick() {
    lock.lock();
    try {
      follower.follow();
      follower.broken().ifPresent(detail -> report("BROKEN_CHAIN", detail));
      signIfGrown();
    } finally {
      lock.unlock();
    }
  }

  private void signIfGrown() {
    Optional<SignedCheckpoint> stored = store.latest().or(() -> latest);
    if (stored.isPresent() && stored.get().checkpoint().size() > tree.size()) {
      follower.follow(); // another instance may have signed entries this one has not read yet
    }
    long size = tree.size();
    if (stored.isPresent()) {
      Checkpoint last = stored.get().checkpoint();
      if (last.size() > size) {
        if (follower.broken().isEmpty()) {
          report(
              "TRUNCATED",
              "the latest checkpoint covers " + last.size() + " entries, the log " + size);
        }
        return;
      }
      if (!extendsStored(last)) {
        return;
      }
      latest = stored;
      signedSize = last.size();
    }
    if (size == 0 || size == signedSize) {
      return;
    }
    Checkpoint checkpoint = new Checkpoint(options.origin(), size, tree.root(size));
    SignedCheckpoint signed = new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text()));
    store.save(signed);
    latest = Optional.of(signed);
    signedSize = size;
    reported = Optional.empty();
    listener.issued(signed);
  }

  private boolean extendsStored(Checkpoint stored) {
    if (Arrays.equals(tree.root(stored.size()), stored.rootHash())) {
      return true;
    }
    report(
        "REWRITTEN",
        "the log's first "
            + stored.size()
            + " entries no longer have the root of the latest checkpoint ("
            + stored.rootHex()
            + ")");
    return false;
  }

  private void report(String reason, String detail) {
    String key = reason + ": " + detail;
    if (!reported.equals(Optional.of(key))) {
      reported = Optional.of(key);
      listener.refused(reason, detail);
    }
  }

  /** Stops the thread; the checkpoints already stored stay. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(worker);
    try {
      worker.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
