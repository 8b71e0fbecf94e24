package dev.atlasgate.store.file;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** Reading an audit JSONL file: complete lines only, lazily, and its last entry from the end. */
final class JsonLines {
  private static final int CHUNK = 8192;
  private static final String SEQ_PREFIX = "{\"seq\":";

  private JsonLines() {}

  /** The head of the file and the size up to its last complete line. */
  record Tail(AuditHead head, long completeSize) {}

  /** Finds the last complete line by reading backwards from {@code size}. */
  static Tail tail(FileChannel channel, long size) throws IOException {
    long lastNewline = lastIndexOf(channel, size, size);
    if (lastNewline < 0) {
      return new Tail(AuditHead.GENESIS, 0);
    }
    long previousNewline = lastIndexOf(channel, lastNewline, size);
    long start = previousNewline + 1;
    ByteBuffer line = ByteBuffer.allocate((int) (lastNewline - start));
    while (line.hasRemaining()) {
      if (channel.read(line, start + line.position()) < 0) {
        break;
      }
    }
    String text = new String(line.array(), StandardCharsets.UTF_8);
    return new Tail(headOf(text, size), lastNewline + 1);
  }

  private static AuditHead headOf(String line, long size) {
    try {
      if (Json.parse(line) instanceof JsonObject entry
          && entry.get("seq").orElse(null) instanceof JsonNumber seq
          && seq.isIntegral()
          && entry.string("hash").filter(Sha256::isHex).isPresent()) {
        return new AuditHead(seq.value().longValueExact(), entry.string("hash").orElseThrow());
      }
    } catch (JsonException | ArithmeticException e) {
      // reported below
    }
    throw new GateException(
        ErrorCode.AUDIT_UNAVAILABLE,
        "the last entry of the audit file (ending at byte "
            + size
            + ") is malformed; run"
            + " 'atlas-gate audit verify' before appending to it");
  }

  /** Position of the last '\n' before {@code end}, or -1. */
  private static long lastIndexOf(FileChannel channel, long end, long size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long position = end;
    while (position > 0) {
      int length = (int) Math.min(CHUNK, position);
      position -= length;
      buffer.clear().limit(length);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new IOException("audit file shrank below " + size + " bytes while being read");
        }
      }
      for (int i = length - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return position + i;
        }
      }
    }
    return -1;
  }

  /**
   * Where the line after entry {@code seq} begins: a later read of entries after {@code seq} may
   * start there instead of at the top of the file.
   */
  record Mark(long seq, long offset) {
    static final Mark START = new Mark(0, 0);

    Mark later(Mark other) {
      return other.seq > seq ? other : this;
    }
  }

  /** The complete lines of {@code file}, as stored entries, from {@code fromSeq} on. */
  static Stream<StoredEntry> read(Path file, long fromSeq) throws IOException {
    return read(file, fromSeq, Mark.START, mark -> {});
  }

  /**
   * The complete lines of {@code file} from {@code fromSeq} on, starting at {@code from} when the
   * file still continues there with the next entry (else at the top); {@code seen} learns where
   * each entry read ends.
   */
  static Stream<StoredEntry> read(Path file, long fromSeq, Mark from, Consumer<Mark> seen)
      throws IOException {
    Mark start =
        from.seq() > 0 && from.seq() < fromSeq && continues(file, from) ? from : Mark.START;
    InputStream raw = Files.newInputStream(file);
    raw.skipNBytes(start.offset());
    InputStream in = new BufferedInputStream(raw, 64 * 1024);
    Iterator<StoredEntry> lines = new LineIterator(in, fromSeq, start, seen);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(
            () -> {
              try {
                in.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** Whether {@code file} ends at the mark, or a line beginning with entry seq + 1 starts there. */
  private static boolean continues(Path file, Mark from) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size <= from.offset()) {
        return size == from.offset();
      }
      String expected = "\n" + SEQ_PREFIX + (from.seq() + 1) + ",";
      ByteBuffer buffer = ByteBuffer.allocate(expected.length());
      while (buffer.hasRemaining()
          && channel.read(buffer, from.offset() - 1 + buffer.position()) > 0) {
        // read on until the buffer is full or the file ends
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII)
          .equals(expected);
    }
  }

  /** The seq at the start of a stored line, read without parsing the line; -1 if not there. */
  private static long leadingSeq(String line) {
    if (!line.startsWith(SEQ_PREFIX)) {
      return -1;
    }
    long seq = 0;
    int i = SEQ_PREFIX.length();
    for (; i < line.length() && i < SEQ_PREFIX.length() + 18; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      seq = seq * 10 + (c - '0');
    }
    return i < line.length() && line.charAt(i) == ',' && i > SEQ_PREFIX.length() ? seq : -1;
  }

  private static final class LineIterator implements Iterator<StoredEntry> {
    private final InputStream in;
    private final long fromSeq;
    private final Consumer<Mark> seen;
    private long lineNumber;
    private long position;
    private @Nullable StoredEntry next;

    LineIterator(InputStream in, long fromSeq, Mark start, Consumer<Mark> seen) {
      this.in = in;
      this.fromSeq = fromSeq;
      this.seen = seen;
      this.position = start.offset();
      // Line numbers count from the mark; a reader from the top sees the file's own numbers.
      this.lineNumber = start.seq();
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        String line = readLine();
        if (line == null) {
          return false;
        }
        lineNumber++;
        next = parse(line);
      }
      return true;
    }

    @Override
    public StoredEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StoredEntry entry = requireNonNull(next);
      next = null;
      return entry;
    }

    private @Nullable StoredEntry parse(String line) {
      long leading = leadingSeq(line);
      if (leading > 0) {
        seen.accept(new Mark(leading, position));
        if (leading < fromSeq) {
          return null;
        }
      }
      try {
        if (Json.parse(line) instanceof JsonObject object) {
          boolean before =
              object.get("seq").orElse(null) instanceof JsonNumber n
                  && n.value().longValue() < fromSeq;
          return before ? null : new StoredEntry.Readable(object);
        }
        return new StoredEntry.Unreadable(lineNumber, "line " + lineNumber + " is not an object");
      } catch (JsonException e) {
        return new StoredEntry.Unreadable(lineNumber, "line " + lineNumber + ": " + e.getMessage());
      }
    }

    /** The next '\n'-terminated line; an unterminated last fragment is still being written. */
    private @Nullable String readLine() {
      try {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        for (int b; (b = in.read()) >= 0; ) {
          position++;
          if (b == '\n') {
            return line.toString(StandardCharsets.UTF_8);
          }
          line.write(b);
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
