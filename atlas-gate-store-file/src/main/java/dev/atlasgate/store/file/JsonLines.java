package dev.atlasgate.store.file;

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
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reading an audit JSONL file: complete lines only, lazily, and its last entry from the end. */
final class JsonLines {
  private static final int CHUNK = 8192;

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

  /** The complete lines of {@code file}, as stored entries, from {@code fromSeq} on. */
  static Stream<StoredEntry> read(Path file, long fromSeq) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    Iterator<StoredEntry> lines = new LineIterator(in, fromSeq);
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

  private static final class LineIterator implements Iterator<StoredEntry> {
    private final InputStream in;
    private final long fromSeq;
    private long lineNumber;
    private StoredEntry next;

    LineIterator(InputStream in, long fromSeq) {
      this.in = in;
      this.fromSeq = fromSeq;
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
      StoredEntry entry = next;
      next = null;
      return entry;
    }

    private StoredEntry parse(String line) {
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
    private String readLine() {
      try {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        for (int b; (b = in.read()) >= 0; ) {
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
