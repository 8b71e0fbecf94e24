package dev.atlasgate.store.file;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit chain in a JSONL file: one entry per line, each durable (fsync) before its call goes
 * on.
 *
 * <p>Several gateway processes may share one file: every append takes an exclusive lock on {@code
 * <file>.lock}, re-reads the head when another process has written since, and appends. Within a
 * process, concurrent appends are group-committed: whoever holds the lock writes every waiting
 * entry with one write and one fsync, and each caller returns once its own entry is durable. A last
 * line without its newline was never acknowledged (its writer died mid-write) and is cut away
 * before the next append. If the file is removed or replaced while the gateway runs, appends fail
 * closed instead of starting a new chain.
 */
public final class FileAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(FileAuditLog.class);

  /** One lock per file per JVM: a FileLock guards against other processes only. */
  private static final ConcurrentMap<Path, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileChannel lockChannel;
  private final Object fileKey;
  private final ReentrantLock lock;
  private final GroupCommit commits;

  /** How far a read of this log got: a reader that follows the log starts there next time. */
  private final AtomicReference<JsonLines.Mark> readMark =
      new AtomicReference<>(JsonLines.Mark.START);

  private AuditHead head = AuditHead.GENESIS;
  private long knownSize = -1;

  private FileAuditLog(Path file) throws IOException {
    this.file = file;
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.lockChannel =
        FileChannel.open(
            Path.of(file + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.fileKey =
        requireNonNull(
            Files.readAttributes(file, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"),
            "the file system gives no inode");
    this.lock = FILE_LOCKS.computeIfAbsent(file, p -> new ReentrantLock());
    this.commits = new GroupCommit(lock);
  }

  /** Opens (creating if needed) the audit file at {@code file}. */
  public static FileAuditLog open(Path file) {
    Path absolute = requireNonNull(file, "file is null").toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.getParent());
      return new FileAuditLog(absolute);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UncheckedIOException(
          new IOException("cannot open audit file " + absolute + ": " + e.getMessage(), e));
    }
  }

  /** Reads an audit file offline (an export, say): no lock, nothing created or changed. */
  public static Stream<StoredEntry> read(Path file) {
    try {
      return JsonLines.read(file, 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit file " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    return commits.append(requireNonNull(event, "event is null"), this::commit);
  }

  @Override
  public AuditHead head() {
    lock.lock();
    try (FileLock ignored = lockChannel.lock()) {
      syncHead();
      return head;
    } catch (IOException e) {
      throw unavailable("cannot read the head of " + file, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Stream<StoredEntry> entries(long fromSeq) {
    try {
      return JsonLines.read(
          file,
          fromSeq,
          requireNonNull(readMark.get()),
          m -> readMark.accumulateAndGet(m, JsonLines.Mark::later));
    } catch (IOException e) {
      throw unavailable("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("closing audit file {} failed", file, e);
    }
  }

  /** Writes a batch with one write and one fsync; called by the group commit, under its lock. */
  private List<AuditEntry> commit(List<CanonicalEvent> batch) {
    try (FileLock ignored = lockChannel.lock()) {
      syncHead();
      return write(batch);
    } catch (IOException | GateException e) {
      knownSize = -1;
      throw e instanceof GateException g ? g : unavailable("cannot append to " + file, e);
    }
  }

  private List<AuditEntry> write(List<CanonicalEvent> batch) throws IOException {
    long start = knownSize;
    List<AuditEntry> sealed = CanonicalEvent.sealAll(batch, head);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 * batch.size());
    for (AuditEntry entry : sealed) {
      bytes.writeBytes((entry.toJson().write() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    AuditEntry last = sealed.getLast();
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    try {
      long position = start;
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      channel.force(false);
    } catch (IOException e) {
      truncateQuietly(start);
      throw e;
    }
    head = new AuditHead(last.seq(), last.hash());
    knownSize = start + bytes.size();
    return sealed;
  }

  /** Brings {@link #head} up to date with the file; called under both locks. */
  private void syncHead() throws IOException {
    checkSameFile();
    long size = channel.size();
    if (size == knownSize) {
      return;
    }
    JsonLines.Tail tail = JsonLines.tail(channel, size);
    if (tail.completeSize() < size) {
      LOG.warn(
          "audit file {} ends in a partial line of {} bytes, never acknowledged; cutting it",
          file,
          size - tail.completeSize());
      channel.truncate(tail.completeSize());
      channel.force(true);
    }
    head = tail.head();
    knownSize = tail.completeSize();
  }

  private void checkSameFile() throws IOException {
    Object current;
    try {
      current = Files.readAttributes(file, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
    } catch (IOException e) {
      throw unavailable("audit file " + file + " is gone", e);
    }
    if (!Objects.equals(current, fileKey)
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new GateException(
          ErrorCode.AUDIT_UNAVAILABLE,
          "audit file "
              + file
              + " was removed or replaced while in use; restart the gateway after"
              + " checking it");
    }
  }

  private void truncateQuietly(long size) {
    try {
      channel.truncate(size);
    } catch (IOException suppressed) {
      LOG.warn("cannot cut a failed batch from {}", file, suppressed);
    }
  }

  private static GateException unavailable(String message, Exception cause) {
    return new GateException(
        ErrorCode.AUDIT_UNAVAILABLE, message + ": " + cause.getMessage(), cause);
  }
}
