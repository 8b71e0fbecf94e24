package dev.atlasgate.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of tampering with an audit file is found, and located at the first bad seq. */
class FileAuditLogTamperTest {
  @TempDir Path temp;
  private Path file;
  private AuditHead head;

  @BeforeEach
  void writeTenEntries() {
    file = temp.resolve("audit.jsonl");
    try (FileAuditLog log = FileAuditLog.open(file)) {
      for (int i = 1; i <= 10; i++) {
        log.append(
            new AuditEvent(
                Instant.parse("2026-02-02T02:02:02Z").plusSeconds(i),
                "i1",
                Optional.of("s1"),
                Optional.of("alice"),
                Optional.of("WINDSURF"),
                i % 2 == 0 ? "write_file" : "read_file",
                Optional.of("/w"),
                Optional.empty(),
                Optional.empty(),
                JsonObject.builder().put("path", "f" + i).build(),
                true,
                Optional.empty(),
                1));
      }
      head = log.head();
    }
  }

  private void tamper(UnaryOperator<List<String>> edit) throws Exception {
    Files.write(file, edit.apply(new ArrayList<>(Files.readAllLines(file))));
  }

  private Verification verify(Optional<AuditHead> remembered) {
    try (FileAuditLog log = FileAuditLog.open(file);
        Stream<StoredEntry> entries = log.entries(1)) {
      return ChainVerifier.verify(entries, remembered);
    }
  }

  private void assertBroken(String reason, long seq) {
    Verification v = verify(Optional.empty());
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).as("%s", v).contains(reason);
    assertThat(v.firstInvalidSeq()).as("%s", v).contains(seq);
    assertThat(v.detail()).isPresent();
  }

  @Test
  void untouched_isValid() {
    Verification v = verify(Optional.of(head));
    assertThat(v.valid()).isTrue();
    assertThat(v.entriesChecked()).isEqualTo(10);
    assertThat(v.headSeq()).isEqualTo(10);
  }

  @Test
  void editedField_isHashMismatchAtThatEntry() throws Exception {
    tamper(
        lines -> {
          lines.set(3, lines.get(3).replace("\"tool\":\"write_file\"", "\"tool\":\"read_file\""));
          return lines;
        });
    assertBroken("HASH_MISMATCH", 4);
  }

  @Test
  void addedMember_isHashMismatch() throws Exception {
    tamper(
        lines -> {
          lines.set(6, lines.get(6).replace("{\"seq\"", "{\"note\":\"ok\",\"seq\""));
          return lines;
        });
    assertBroken("HASH_MISMATCH", 7);
  }

  @Test
  void deletedEntry_isSeqGapWhereItWas() throws Exception {
    tamper(
        lines -> {
          lines.remove(4);
          return lines;
        });
    assertBroken("SEQ_GAP", 5);
  }

  @Test
  void insertedForgedEntry_isFoundRightAfterIt() throws Exception {
    tamper(
        lines -> {
          JsonObject third = (JsonObject) Json.parse(lines.get(2));
          AuditEntry forged =
              AuditEntry.seal(
                  4, AuditEntry.fromJson(third).event(), third.string("hash").orElseThrow());
          lines.add(3, forged.toJson().write());
          return lines;
        });
    assertBroken("SEQ_GAP", 5);
  }

  @Test
  void swappedEntries_areSeqGapAtTheFirst() throws Exception {
    tamper(
        lines -> {
          Collections.swap(lines, 5, 6);
          return lines;
        });
    assertBroken("SEQ_GAP", 6);
  }

  @Test
  void editWithRecomputedHash_breaksTheNextLink() throws Exception {
    tamper(
        lines -> {
          JsonObject fourth = (JsonObject) Json.parse(lines.get(3));
          JsonObject edited = fourth.with("principal", Json.of("mallory"));
          lines.set(3, edited.with("hash", Json.of(AuditEntry.hashOf(edited))).write());
          return lines;
        });
    assertBroken("PREV_HASH_MISMATCH", 5);
  }

  @Test
  void garbageLine_isMalformed() throws Exception {
    tamper(
        lines -> {
          lines.set(7, "{\"seq\": eight}");
          return lines;
        });
    assertBroken("MALFORMED", 8);
  }

  @Test
  void truncatedTail_needsTheRememberedHeadToBeSeen() throws Exception {
    tamper(lines -> new ArrayList<>(lines.subList(0, 8)));
    assertThat(verify(Optional.empty()).valid()).as("a chain alone cannot see a cut tail").isTrue();
    Verification v = verify(Optional.of(head));
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).contains("HEAD_MISMATCH");
    assertThat(v.firstInvalidSeq()).contains(9L);
  }
}
