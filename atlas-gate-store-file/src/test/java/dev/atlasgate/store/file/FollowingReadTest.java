package dev.atlasgate.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader that follows the log (the checkpointer) starts where the last read ended. */
class FollowingReadTest {
  @TempDir Path temp;

  @Test
  void readsAfterEarlierOnes_seeTheSameEntriesAsAReadFromTheTop() throws Exception {
    Path file = temp.resolve("audit.jsonl");
    try (FileAuditLog log = FileAuditLog.open(file)) {
      append(log, 1, 60);
      assertThat(seqs(log, 41)).isEqualTo(range(41, 60));
      append(log, 61, 90);
      assertThat(seqs(log, 61)).isEqualTo(range(61, 90));
      assertThat(seqs(log, 85)).isEqualTo(range(85, 90));
      assertThat(seqs(log, 91)).isEmpty();
      assertThat(seqs(log, 1)).isEqualTo(range(1, 90));
      assertThat(seqs(log, 30)).isEqualTo(range(30, 90));
    }
  }

  @Test
  void aFileCutShortUnderTheReader_isReadFromTheTopAgain() throws Exception {
    Path file = temp.resolve("audit.jsonl");
    try (FileAuditLog log = FileAuditLog.open(file)) {
      append(log, 1, 40);
      assertThat(seqs(log, 40)).isEqualTo(range(40, 40));
      List<String> lines = Files.readAllLines(file);
      Files.write(file, lines.subList(0, 20));
      assertThat(seqs(log, 41)).isEmpty();
      assertThat(seqs(log, 15)).isEqualTo(range(15, 20));
      Files.write(file, lines.subList(0, 30));
      assertThat(seqs(log, 21)).isEqualTo(range(21, 30));
      Files.write(file, lines.subList(0, 25));
      assertThat(seqs(log, 31)).isEmpty();
      assertThat(seqs(log, 24)).isEqualTo(range(24, 25));
    }
  }

  private static List<Long> seqs(FileAuditLog log, long from) {
    try (Stream<StoredEntry> entries = log.entries(from)) {
      return entries
          .map(e -> ((StoredEntry.Readable) e).json().get("seq").orElseThrow())
          .map(n -> ((JsonNumber) n).value().longValueExact())
          .toList();
    }
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static void append(FileAuditLog log, int from, int to) {
    for (int i = from; i <= to; i++) {
      log.append(
          new AuditEvent(
              Instant.parse("2026-02-02T02:02:02Z").plusSeconds(i),
              "i1",
              Optional.of("s1"),
              Optional.of("alice"),
              Optional.of("WINDSURF"),
              "read_file",
              Optional.of("/w"),
              Optional.empty(),
              Optional.empty(),
              JsonObject.builder().put("path", "f" + i).build(),
              true,
              Optional.empty(),
              1));
    }
  }
}
