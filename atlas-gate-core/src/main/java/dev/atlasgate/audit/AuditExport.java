package dev.atlasgate.audit;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Writes audit entries as JSONL, a JSON array or CSV, streaming, one entry at a time. */
public final class AuditExport {
  static final List<String> CSV_COLUMNS = AuditEntry.MEMBERS;

  /** The export formats. */
  public enum Format {
    JSONL("application/x-ndjson"),
    JSON("application/json"),
    CSV("text/csv");

    private final String mediaType;

    Format(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }

    /** Parses {@code jsonl}, {@code json} or {@code csv}. */
    public static Format parse(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "format must be jsonl, json or csv, not \"" + value + "\"", e);
      }
    }
  }

  private AuditExport() {}

  /** Writes the readable entries that match {@code query}; returns how many were written. */
  public static long write(Stream<StoredEntry> entries, AuditQuery query, Format format, Writer out)
      throws IOException {
    if (format == Format.JSON) {
      out.write('[');
    } else if (format == Format.CSV) {
      out.write(String.join(",", CSV_COLUMNS) + "\r\n");
    }
    long written = 0;
    var matching =
        entries
            .flatMap(
                e -> e instanceof StoredEntry.Readable r ? Stream.of(r.json()) : Stream.empty())
            .filter(query::matches)
            .limit(query.limit())
            .iterator();
    while (matching.hasNext()) {
      JsonObject entry = matching.next();
      switch (format) {
        case JSONL -> out.write(entry.write() + "\n");
        case JSON -> out.write((written > 0 ? ",\n" : "\n") + entry.write());
        case CSV -> out.write(csvRow(entry));
      }
      written++;
    }
    if (format == Format.JSON) {
      out.write(written > 0 ? "\n]\n" : "]\n");
    }
    out.flush();
    return written;
  }

  private static String csvRow(JsonObject entry) {
    StringBuilder row = new StringBuilder();
    for (String column : CSV_COLUMNS) {
      if (!row.isEmpty()) {
        row.append(',');
      }
      Json value = entry.get(column).orElse(JsonNull.INSTANCE);
      String text =
          switch (value) {
            case JsonNull n -> "";
            case JsonString s -> s.value();
            default -> value.write();
          };
      row.append(csvField(text));
    }
    return row.append("\r\n").toString();
  }

  private static String csvField(String text) {
    // A leading formula character is neutralised so a spreadsheet never evaluates an entry.
    String safe =
        !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("-?\\d+")
            ? "'" + text
            : text;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
