package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Verifies an audit log (an export, offline) against signed checkpoints and the signer's public
 * key, without trusting the gateway: it recomputes the chain and the Merkle root at each
 * checkpoint's size, streaming, in O(log n) memory.
 *
 * <p>It names what it finds: the chain's own reasons ({@code HASH_MISMATCH} …), a checkpoint that
 * is not validly signed ({@code BAD_SIGNATURE}, {@code UNKNOWN_KEY}, {@code MALFORMED}), and:
 *
 * <ul>
 *   <li>{@code TRUNCATED}: a checkpoint covers more entries than the log holds;
 *   <li>{@code REWRITTEN}: the log's entries are not those the checkpoints signed (changed and
 *       rehashed);
 *   <li>{@code FORK}: the key signed two different histories: two checkpoints of one size with
 *       different roots, or one checkpoint that matches the log and another over the same entries
 *       that does not.
 * </ul>
 */
public final class ExportVerifier {
  private ExportVerifier() {}

  /** The outcome: valid, or the first problem found. */
  public record Outcome(
      boolean valid, long entries, long checkpointSize, Optional<String> reason, String detail) {
    public Outcome {
      requireNonNull(reason, "reason is null");
      requireNonNull(detail, "detail is null");
    }

    static Outcome invalid(long entries, String reason, String detail) {
      return new Outcome(false, entries, 0, Optional.of(reason), detail);
    }
  }

  /**
   * Verifies {@code entries} against the signed {@code notes}, each named for messages by {@code
   * names} (a file name, say).
   */
  public static Outcome verify(
      Stream<StoredEntry> entries, List<String> notes, List<String> names, NoteVerifier key) {
    List<Named> checkpoints = new ArrayList<>();
    for (int i = 0; i < notes.size(); i++) {
      switch (SignedNote.open(notes.get(i), key)) {
        case SignedNote.Opened.Rejected r -> {
          return Outcome.invalid(0, r.reason(), names.get(i) + ": " + r.detail());
        }
        case SignedNote.Opened.Verified v -> {
          try {
            checkpoints.add(new Named(names.get(i), Checkpoint.parse(v.text())));
          } catch (IllegalArgumentException e) {
            return Outcome.invalid(0, "MALFORMED", names.get(i) + ": " + e.getMessage());
          }
        }
      }
    }
    checkpoints.sort(Comparator.comparingLong(n -> n.checkpoint().size()));
    Map<Long, byte[]> roots = new HashMap<>();
    Set<Long> sizes = new HashSet<>();
    checkpoints.forEach(c -> sizes.add(c.checkpoint().size()));
    Verification chain = verifyChain(entries, sizes, roots);
    if (!chain.valid()) {
      return Outcome.invalid(
          chain.entriesChecked(),
          chain.reason().orElse("MALFORMED"),
          "seq " + chain.firstInvalidSeq().orElse(0L) + ": " + chain.detail().orElse(""));
    }
    return compare(chain.entriesChecked(), checkpoints, roots);
  }

  /**
   * Recomputes the chain as {@link ChainVerifier} does and, in the same pass, puts into {@code
   * roots} the Merkle root of the first n entries for each n of {@code sizes} the chain reaches.
   */
  public static Verification verifyChain(
      Stream<StoredEntry> entries, Set<Long> sizes, Map<Long, byte[]> roots) {
    CompactRange range = new CompactRange();
    return ChainVerifier.verify(
        entries.peek(
            e -> {
              if (e instanceof StoredEntry.Readable r) {
                range.append(MerkleHashes.entry(r.json()));
                if (sizes.contains(range.size())) {
                  roots.put(range.size(), range.root());
                }
              }
            }));
  }

  private static Outcome compare(long size, List<Named> checkpoints, Map<Long, byte[]> roots) {
    Optional<Named> matching = Optional.empty();
    Optional<Named> differing = Optional.empty();
    for (int i = 0; i < checkpoints.size(); i++) {
      Named c = checkpoints.get(i);
      if (i > 0
          && checkpoints.get(i - 1).checkpoint().size() == c.checkpoint().size()
          && !MessageDigest.isEqual(
              checkpoints.get(i - 1).checkpoint().rootHash(), c.checkpoint().rootHash())) {
        return Outcome.invalid(
            size,
            "FORK",
            c.name()
                + " and "
                + checkpoints.get(i - 1).name()
                + " sign two different trees of "
                + c.checkpoint().size()
                + " entries");
      }
      byte[] root = roots.get(c.checkpoint().size());
      if (root == null) {
        continue;
      }
      if (MessageDigest.isEqual(root, c.checkpoint().rootHash())) {
        matching = Optional.of(c);
      } else if (differing.isEmpty()) {
        differing = Optional.of(c);
      }
    }
    if (differing.isPresent()) {
      Named d = differing.get();
      return matching.isPresent()
          ? Outcome.invalid(
              size,
              "FORK",
              matching.get().name()
                  + " matches the log but "
                  + d.name()
                  + " signs another"
                  + " history of its first "
                  + d.checkpoint().size()
                  + " entries")
          : Outcome.invalid(
              size,
              "REWRITTEN",
              "the log's first "
                  + d.checkpoint().size()
                  + " entries do not have the root "
                  + d.checkpoint().rootHex()
                  + " that "
                  + d.name()
                  + " signed");
    }
    Named largest = checkpoints.isEmpty() ? null : checkpoints.getLast();
    if (largest != null && largest.checkpoint().size() > size) {
      return Outcome.invalid(
          size,
          "TRUNCATED",
          "the log ends at seq "
              + size
              + " but "
              + largest.name()
              + " signed "
              + largest.checkpoint().size()
              + " entries: entries "
              + (size + 1)
              + " to "
              + largest.checkpoint().size()
              + " are missing");
    }
    long covered = largest == null ? 0 : largest.checkpoint().size();
    return new Outcome(
        true,
        size,
        covered,
        Optional.empty(),
        size + " entries; the first " + covered + " match the signed checkpoint");
  }

  private record Named(String name, Checkpoint checkpoint) {}
}
