package dev.atlasgate.store.s3;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.CanonicalEvent;
import dev.atlasgate.audit.GroupCommit;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The audit chain in S3, as segment objects {@code PREFIX/segments/<first seq>.jsonl}, each a run
 * of JSONL entries that continues the chain of the one before.
 *
 * <p>Appends are group-committed: a segment is written when {@code segmentEntries} events wait or
 * {@code segmentWait} has passed since the first of them, whichever comes first, and each caller
 * returns once the segment holding its entry is stored. Segments are never rewritten: each is
 * created with {@code If-None-Match: *} under the name of its first seq, so two writers can never
 * both store a segment for the same seq; the loser reads the new head and seals its batch again.
 * Any number of gateway instances may therefore share one location, on a store with conditional
 * writes (AWS S3 since 2024, MinIO, S3Mock); on one without them, run a single writer.
 */
public final class S3AuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(S3AuditLog.class);
  private static final String SEGMENTS = "segments/";
  private static final Pattern SEGMENT_NAME = Pattern.compile("segments/(\\d{20})\\.jsonl");
  private static final int MAX_RACES = 20;

  /**
   * When a segment is written.
   *
   * @param segmentEntries the most entries of one segment; a segment is written as soon as this
   *     many wait
   * @param segmentWait how long the first waiting entry waits for others to share its segment
   */
  public record Options(int segmentEntries, Duration segmentWait) {
    public static final Options DEFAULT = new Options(500, Duration.ofMillis(50));

    public Options {
      if (segmentEntries < 1) {
        throw new IllegalArgumentException("segmentEntries must be at least 1");
      }
      requireNonNull(segmentWait, "segmentWait is null");
    }
  }

  private final S3Client s3;
  private final S3Location location;
  private final ReentrantLock lock = new ReentrantLock();
  private final GroupCommit commits;

  /** The key of the last segment, when there is one. */
  private Optional<String> last = Optional.empty();

  private AuditHead head = AuditHead.GENESIS;
  private boolean stale = true;

  private S3AuditLog(S3Client s3, S3Location location, Options options) {
    this.s3 = requireNonNull(s3, "s3 is null");
    this.location = requireNonNull(location, "location is null");
    requireNonNull(options, "options is null");
    this.commits = new GroupCommit(lock, options.segmentEntries(), options.segmentWait());
  }

  /** The log at {@code location}; its head is read now, so that a bad bucket fails at start. */
  public static S3AuditLog open(S3Client s3, S3Location location, Options options) {
    S3AuditLog log = new S3AuditLog(s3, location, options);
    log.head();
    return log;
  }

  public S3Location location() {
    return location;
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    return commits.append(requireNonNull(event, "event is null"), this::commit);
  }

  @Override
  public AuditHead head() {
    lock.lock();
    try {
      reload();
      return head;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Stream<StoredEntry> entries(long fromSeq) {
    Iterator<String> keys;
    try {
      keys = segmentKeys(null).iterator();
    } catch (SdkException | UncheckedIOException e) {
      throw unavailable("cannot list the segments of " + location, e);
    }
    Entries entries = new Entries(keys, fromSeq);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(entries::close);
  }

  @Override
  public void close() {
    // The client belongs to the caller, who may share it.
  }

  /** Writes a batch as the next segment; called by the group commit. */
  private List<AuditEntry> commit(List<CanonicalEvent> batch) {
    try {
      if (stale) {
        reload();
      }
      for (int race = 0; race < MAX_RACES; race++) {
        List<AuditEntry> sealed = CanonicalEvent.sealAll(batch, head);
        String key = segmentKey(sealed.getFirst().seq());
        PutObjectRequest put =
            PutObjectRequest.builder()
                .bucket(location.bucket())
                .key(key)
                .contentType("application/x-ndjson")
                .ifNoneMatch("*")
                .build();
        if (put(put, lines(sealed))) {
          last = Optional.of(key);
          AuditEntry end = sealed.getLast();
          head = new AuditHead(end.seq(), end.hash());
          return sealed;
        }
        LOG.debug("another writer stored {} first; sealing the batch again", key);
        reload();
      }
      throw new GateException(
          ErrorCode.AUDIT_UNAVAILABLE,
          "the audit log at " + location + " kept changing under " + MAX_RACES + " attempts");
    } catch (GateException e) {
      stale = true;
      throw e;
    }
  }

  /**
   * Creates an object: true when stored, false when another writer stored that key first.
   *
   * @throws GateException {@code AUDIT_UNAVAILABLE} when the store cannot be reached
   */
  private boolean put(PutObjectRequest request, byte[] content) {
    try {
      s3.putObject(request, RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return confirmed(request.key(), content, Optional.empty());
      }
      return confirmed(request.key(), content, Optional.of(e));
    } catch (SdkException | UncheckedIOException e) {
      return confirmed(request.key(), content, Optional.of(e));
    }
  }

  /**
   * After a refused or failed create: true when the key holds exactly what was sent (an earlier
   * attempt of this very write was stored though its answer was lost); otherwise false for a
   * refusal, and the failure for a failure.
   */
  private boolean confirmed(String key, byte[] content, Optional<RuntimeException> failure) {
    try {
      byte[] stored = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asByteArray();
      if (Arrays.equals(stored, content)) {
        failure.ifPresent(f -> LOG.warn("a write to {} reported {}, but it was stored", key, f));
        return true;
      }
    } catch (NoSuchKeyException e) {
      // not stored
    } catch (SdkException | UncheckedIOException e) {
      failure.ifPresent(f -> f.addSuppressed(e));
    }
    if (failure.isPresent()) {
      throw unavailable("cannot write the audit segment " + key, failure.get());
    }
    return false;
  }

  /** Reads the head from the last segment; called under the lock. */
  private void reload() {
    try {
      Optional<String> newest = last;
      for (String key : segmentKeys(last.orElse(null))) {
        newest = Optional.of(key);
      }
      if (newest.isEmpty()) {
        head = AuditHead.GENESIS;
      } else {
        String key = newest.get();
        byte[] content =
            s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)).asByteArray();
        JsonObject end = lastEntry(key, content);
        head = new AuditHead(seqOf(end), end.string("hash").orElse(""));
      }
      last = newest;
      stale = false;
    } catch (NoSuchKeyException e) {
      stale = true;
      last = Optional.empty();
      throw unavailable("an audit segment of " + location + " vanished while read", e);
    } catch (SdkException | UncheckedIOException e) {
      stale = true;
      throw unavailable("cannot read the head of the audit log at " + location, e);
    }
  }

  /** The keys of the segments in order, after {@code startAfterKey} when given. */
  private Iterable<String> segmentKeys(@Nullable String startAfterKey) {
    var pages =
        s3.listObjectsV2Paginator(
            b -> {
              b.bucket(location.bucket()).prefix(location.key(SEGMENTS));
              if (startAfterKey != null) {
                b.startAfter(startAfterKey);
              }
            });
    return () -> pages.contents().stream().map(S3Object::key).iterator();
  }

  private static byte[] lines(List<AuditEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 * entries.size());
    for (AuditEntry entry : entries) {
      out.writeBytes((entry.toJson().write() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private String segmentKey(long firstSeq) {
    return location.key(SEGMENTS + "%020d.jsonl".formatted(firstSeq));
  }

  private static JsonObject lastEntry(String key, byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8).strip();
    String line = text.substring(text.lastIndexOf('\n') + 1);
    try {
      if (!line.isEmpty() && Json.parse(line) instanceof JsonObject entry) {
        return entry;
      }
    } catch (JsonException e) {
      // reported below
    }
    throw new GateException(
        ErrorCode.AUDIT_UNAVAILABLE,
        "the last audit segment " + key + " is damaged; run atlas-gate audit verify");
  }

  private static long seqOf(JsonObject entry) {
    return entry.get("seq").orElse(null) instanceof JsonNumber n && n.isIntegral()
        ? n.value().longValue()
        : -1;
  }

  private static GateException unavailable(String message, Exception cause) {
    return new GateException(
        ErrorCode.AUDIT_UNAVAILABLE, message + ": " + cause.getMessage(), cause);
  }

  /** Reads segment after segment, lazily, skipping the segments wholly before {@code fromSeq}. */
  private final class Entries implements Iterator<StoredEntry>, AutoCloseable {
    private final Iterator<String> keys;
    private final long fromSeq;
    private @Nullable String lookahead;
    private @Nullable BufferedReader reader;
    private @Nullable String current;
    private long position;
    private @Nullable StoredEntry next;

    Entries(Iterator<String> keys, long fromSeq) {
      this.keys = keys;
      this.fromSeq = fromSeq;
      this.lookahead = keys.hasNext() ? keys.next() : null;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (reader == null) {
          if (!openNext()) {
            return false;
          }
          continue;
        }
        String line;
        try {
          line = reader.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read audit segment " + current, e);
        }
        if (line == null) {
          closeReader();
          continue;
        }
        position++;
        next = stored(line);
      }
      return true;
    }

    @Override
    public StoredEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StoredEntry result = requireNonNull(next);
      next = null;
      return result;
    }

    private @Nullable StoredEntry stored(String line) {
      try {
        if (Json.parse(line) instanceof JsonObject entry) {
          long seq = seqOf(entry);
          return seq >= 0 && seq < fromSeq ? null : new StoredEntry.Readable(entry);
        }
        return new StoredEntry.Unreadable(
            position, current + " line " + position + " is not an object");
      } catch (JsonException e) {
        return new StoredEntry.Unreadable(position, current + ": " + e.getMessage());
      }
    }

    /** Opens the next segment that may hold entries from {@code fromSeq}. */
    private boolean openNext() {
      while (lookahead != null) {
        String key = lookahead;
        lookahead = keys.hasNext() ? keys.next() : null;
        Matcher matcher = SEGMENT_NAME.matcher(key.substring(location.prefix().length()));
        if (!matcher.matches()) {
          next = new StoredEntry.Unreadable(position, "unexpected object " + key);
          return true;
        }
        Matcher following =
            lookahead == null
                ? null
                : SEGMENT_NAME.matcher(lookahead.substring(location.prefix().length()));
        if (following != null
            && following.matches()
            && Long.parseLong(following.group(1)) <= fromSeq) {
          continue;
        }
        try {
          ResponseInputStream<GetObjectResponse> object =
              s3.getObject(b -> b.bucket(location.bucket()).key(key));
          reader = new BufferedReader(new InputStreamReader(object, StandardCharsets.UTF_8));
          current = key;
          return true;
        } catch (SdkException | UncheckedIOException e) {
          throw unavailable("cannot read audit segment " + key, e);
        }
      }
      return false;
    }

    private void closeReader() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          LOG.debug("closing {} failed", current, e);
        }
        reader = null;
      }
    }

    @Override
    public void close() {
      closeReader();
    }
  }
}
