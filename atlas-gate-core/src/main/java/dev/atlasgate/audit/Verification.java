package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/**
 * The outcome of recomputing a chain.
 *
 * @param firstInvalidSeq the position (expected seq) where the chain first breaks
 * @param reason {@code HASH_MISMATCH}, {@code PREV_HASH_MISMATCH}, {@code SEQ_GAP}, {@code
 *     MALFORMED} or {@code HEAD_MISMATCH}
 * @param detail a sentence saying what was expected and what was found
 */
public record Verification(
    boolean valid,
    long entriesChecked,
    long headSeq,
    String headHash,
    Optional<Long> firstInvalidSeq,
    Optional<String> reason,
    Optional<String> detail) {

  public Verification {
    requireNonNull(headHash, "headHash is null");
    requireNonNull(firstInvalidSeq, "firstInvalidSeq is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(detail, "detail is null");
  }

  /**
   * {@code {valid, entries_checked, head_seq, head_hash, first_invalid_seq?, reason?, detail?}}.
   */
  public JsonObject toJson() {
    JsonObject.Builder json =
        JsonObject.builder()
            .put("valid", valid)
            .put("entries_checked", entriesChecked)
            .put("head_seq", headSeq)
            .put("head_hash", headHash);
    firstInvalidSeq.ifPresent(seq -> json.put("first_invalid_seq", seq));
    reason.ifPresent(r -> json.put("reason", r));
    detail.ifPresent(d -> json.put("detail", d));
    return json.build();
  }
}
