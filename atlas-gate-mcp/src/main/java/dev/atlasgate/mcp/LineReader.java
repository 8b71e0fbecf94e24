package dev.atlasgate.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads newline-delimited messages with a bound on their length, so that one huge line cannot
 * exhaust memory: the rest of an over-long line is skipped and reported.
 */
final class LineReader {
  /** One line, or the fact that a line was too long. */
  sealed interface Line {
    record Text(String text) implements Line {}

    record TooLong(long bytes) implements Line {}
  }

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;

  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line without its terminator, or empty at the end of input. */
  Optional<Line> next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    while (true) {
      if (position == limit && !fill()) {
        if (length == 0) {
          return Optional.empty();
        }
        return Optional.of(finish(line, length));
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      if (length + chunk <= maxBytes) {
        line.write(buffer, start, chunk);
      }
      length += chunk;
      if (position < limit) {
        position++;
        return Optional.of(finish(line, length));
      }
    }
  }

  private Line finish(ByteArrayOutputStream line, long length) {
    if (length > maxBytes) {
      return new Line.TooLong(length);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return new Line.Text(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  private boolean fill() throws IOException {
    int read = in.read(buffer);
    if (read <= 0) {
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }
}
