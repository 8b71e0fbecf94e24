package dev.atlasgate.audit;

import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recomputes an audit chain from its first entry and names the first place it breaks.
 *
 * <p>It streams: one entry in memory at a time. A chain alone cannot show that entries were cut
 * from its end; give the head remembered from an earlier verification to catch that too.
 */
public final class ChainVerifier {
  private long checked;
  private AuditHead head = AuditHead.GENESIS;

  private ChainVerifier() {}

  public static Verification verify(Stream<StoredEntry> entries) {
    return verify(entries, Optional.empty());
  }

  /** Verifies {@code entries}, and that the chain reaches {@code expectedHead} if given. */
  public static Verification verify(Stream<StoredEntry> entries, Optional<AuditHead> expectedHead) {
    ChainVerifier verifier = new ChainVerifier();
    Iterator<StoredEntry> it = entries.iterator();
    while (it.hasNext()) {
      Optional<Verification> broken = verifier.check(it.next());
      if (broken.isPresent()) {
        return broken.get();
      }
    }
    return expectedHead.flatMap(verifier::checkHead).orElseGet(verifier::valid);
  }

  private Optional<Verification> check(StoredEntry stored) {
    long expected = head.seq() + 1;
    if (!(stored instanceof StoredEntry.Readable readable)) {
      var unreadable = (StoredEntry.Unreadable) stored;
      return invalid(
          expected,
          "MALFORMED",
          "entry at position " + unreadable.position() + " is unreadable: " + unreadable.reason());
    }
    JsonObject entry = readable.json();
    Optional<Long> seq = seqOf(entry);
    Optional<String> prev = entry.string("prev_hash").filter(Sha256::isHex);
    Optional<String> hash = entry.string("hash").filter(Sha256::isHex);
    if (seq.isEmpty() || prev.isEmpty() || hash.isEmpty()) {
      return invalid(
          expected,
          "MALFORMED",
          "entry at seq " + expected + " lacks an integer seq or a 64-hex prev_hash and hash");
    }
    if (seq.get() != expected) {
      return invalid(expected, "SEQ_GAP", "expected seq " + expected + ", found " + seq.get());
    }
    if (!prev.get().equals(head.hash())) {
      return invalid(
          expected,
          "PREV_HASH_MISMATCH",
          "prev_hash "
              + prev.get()
              + " is not the hash of entry "
              + head.seq()
              + ", "
              + head.hash());
    }
    String recomputed = AuditEntry.hashOf(entry);
    if (!recomputed.equals(hash.get())) {
      return invalid(
          expected, "HASH_MISMATCH", "stored hash " + hash.get() + ", recomputed " + recomputed);
    }
    head = new AuditHead(expected, hash.get());
    checked++;
    return Optional.empty();
  }

  private Optional<Verification> checkHead(AuditHead expected) {
    if (head.seq() == expected.seq() && head.hash().equals(expected.hash())) {
      return Optional.empty();
    }
    if (head.seq() < expected.seq()) {
      return invalid(
          head.seq() + 1,
          "HEAD_MISMATCH",
          "the chain ends at seq "
              + head.seq()
              + " but the remembered head is seq "
              + expected.seq()
              + ": entries were cut from the end");
    }
    return invalid(
        expected.seq(),
        "HEAD_MISMATCH",
        "entry " + expected.seq() + " does not have the remembered hash " + expected.hash());
  }

  private Optional<Verification> invalid(long seq, String reason, String detail) {
    return Optional.of(
        new Verification(
            false,
            checked,
            head.seq(),
            head.hash(),
            Optional.of(seq),
            Optional.of(reason),
            Optional.of(detail)));
  }

  private Verification valid() {
    return new Verification(
        true,
        checked,
        head.seq(),
        head.hash(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static Optional<Long> seqOf(JsonObject entry) {
    if (entry.get("seq").orElse(null) instanceof JsonNumber n && n.isIntegral()) {
      try {
        return Optional.of(n.value().longValueExact());
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
