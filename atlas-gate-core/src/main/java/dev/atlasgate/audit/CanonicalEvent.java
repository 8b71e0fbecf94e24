package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.json.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An event in the canonical form its entry will be hashed in, ready to take any place in the chain:
 * sealing it cannot fail.
 *
 * <p>Made for each event on its own before it joins a group-commit batch, so that an event the
 * canonical form cannot hold (a number beyond the double range) fails its own call and no other.
 * The entry's canonical form is the three fixed parts around {@code prev_hash} and {@code seq} (RFC
 * 8785 sorts the members: {@code args} … {@code plan_hash}, {@code prev_hash}, {@code principal} …
 * {@code role}, {@code seq}, {@code session_id} … {@code workspace_root}).
 */
public final class CanonicalEvent {
  private final AuditEvent event;
  private final String before;
  private final String middle;
  private final String after;
  private final byte[] beforePrevHash;
  private final byte[] beforeSeq;
  private final byte[] afterSeq;

  private CanonicalEvent(AuditEvent event, String before, String middle, String after) {
    this.event = event;
    this.before = before;
    this.middle = middle;
    this.after = after;
    this.beforePrevHash = before.getBytes(StandardCharsets.UTF_8);
    this.beforeSeq = middle.getBytes(StandardCharsets.UTF_8);
    this.afterSeq = after.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The canonical form of {@code event}.
   *
   * @throws GateException {@code INVALID_ARGUMENT} when the canonical form cannot hold it
   */
  public static CanonicalEvent of(AuditEvent event) {
    requireNonNull(event, "event is null");
    try {
      String before =
          "{\"args\":"
              + event.args().canonical()
              + ",\"duration_ms\":"
              + event.durationMs()
              + ",\"error_code\":"
              + text(event.errorCode())
              + ",\"instance\":"
              + Json.of(event.instance()).canonical()
              + ",\"phase_id\":"
              + text(event.phaseId())
              + ",\"plan_hash\":"
              + text(event.planHash())
              + ",\"prev_hash\":\"";
      String middle =
          "\",\"principal\":"
              + text(event.principal())
              + ",\"result\":"
              + (event.ok() ? "\"ok\"" : "\"error\"")
              + ",\"role\":"
              + text(event.role())
              + ",\"seq\":";
      String after =
          ",\"session_id\":"
              + text(event.sessionId())
              + ",\"tool\":"
              + Json.of(event.tool()).canonical()
              + ",\"ts\":"
              + Json.of(AuditEntry.formatTs(event.ts())).canonical()
              + ",\"workspace_root\":"
              + text(event.workspaceRoot())
              + "}";
      // (A surrogate pair cannot straddle two parts: each ends and begins with ASCII.)
      if (!JsonString.isWellFormed(before)
          || !JsonString.isWellFormed(middle)
          || !JsonString.isWellFormed(after)) {
        throw new JsonException("a text of the entry has an unpaired surrogate");
      }
      return new CanonicalEvent(event, before, middle, after);
    } catch (JsonException e) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT,
          "the call of " + event.tool() + " cannot be recorded: " + e.getMessage(),
          e);
    }
  }

  public AuditEvent event() {
    return event;
  }

  /**
   * The entry this event becomes at {@code seq}, after the entry whose hash is {@code prevHash}.
   */
  public AuditEntry seal(long seq, String prevHash) {
    MessageDigest digest = Sha256.digest();
    digest.update(beforePrevHash);
    digest.update(prevHash.getBytes(StandardCharsets.UTF_8));
    digest.update(beforeSeq);
    digest.update(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    digest.update(afterSeq);
    return new AuditEntry(seq, event, prevHash, Sha256.hex(digest));
  }

  /**
   * The canonical text of the entry this event becomes at {@code seq} after {@code prevHash},
   * without its hash: the very text whose SHA-256 {@link #seal} answers as the hash.
   */
  public String text(long seq, String prevHash) {
    return before + prevHash + middle + seq + after;
  }

  /** The entry after {@code head}. */
  public AuditEntry sealAfter(AuditHead head) {
    return seal(head.seq() + 1, head.hash());
  }

  /** The entries {@code batch} becomes after {@code head}, in order. */
  public static List<AuditEntry> sealAll(List<CanonicalEvent> batch, AuditHead head) {
    List<AuditEntry> sealed = new ArrayList<>(batch.size());
    long seq = head.seq();
    String prevHash = head.hash();
    for (CanonicalEvent event : batch) {
      AuditEntry entry = event.seal(++seq, prevHash);
      sealed.add(entry);
      prevHash = entry.hash();
    }
    return sealed;
  }

  private static String text(Optional<String> value) {
    return value.<Json>map(Json::of).orElse(JsonNull.INSTANCE).canonical();
  }
}
