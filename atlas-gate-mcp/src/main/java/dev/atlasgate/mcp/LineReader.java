package dev.atlasgate.mcp;

import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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

    /** A line that is not UTF-8: never decoded with replacement characters. */
    record Malformed(String reason) implements Line {
      /** The JSON-RPC parse error that answers it. */
      JsonRpcMessage.Failure answer() {
        return JsonRpcMessage.Failure.of(
            JsonNull.INSTANCE, JsonRpc.PARSE_ERROR, "Parse error: " + reason);
      }
    }
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
    String text;
    try {
      text = JsonParser.decodeUtf8(line.toByteArray(), 0, line.size());
    } catch (JsonException e) {
      return new Line.Malformed(e.getMessage());
    }
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
