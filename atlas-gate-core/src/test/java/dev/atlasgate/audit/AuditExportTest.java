package dev.atlasgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditExportTest {
  private final InMemoryAuditLog log = new InMemoryAuditLog();

  @BeforeEach
  void fill() {
    for (int i = 1; i <= 6; i++) {
      log.append(
          new AuditEvent(
              Instant.parse("2026-05-05T05:05:05Z"),
              "i1",
              Optional.of(i <= 3 ? "s-one" : "s-two"),
              Optional.of(i == 2 ? "=2+3" : "alice"),
              Optional.of("WINDSURF"),
              i % 2 == 0 ? "write_file" : "read_file",
              Optional.of("/w"),
              Optional.empty(),
              Optional.empty(),
              JsonObject.builder().put("path", "a,\"b\"").build(),
              true,
              Optional.empty(),
              i));
    }
  }

  private String export(AuditQuery query, AuditExport.Format format) throws Exception {
    StringWriter out = new StringWriter();
    AuditExport.write(log.entries(query.fromSeq()), query, format, out);
    return out.toString();
  }

  @Test
  void jsonl_isOneEntryPerLine_filtered() throws Exception {
    AuditQuery writes =
        new AuditQuery(1, Long.MAX_VALUE, Optional.empty(), Optional.of("write_file"), 100);
    String[] lines = export(writes, AuditExport.Format.JSONL).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .allSatisfy(
            l -> assertThat(((JsonObject) Json.parse(l)).string("tool")).contains("write_file"));
  }

  @Test
  void json_isOneArray_withSeqRangeAndSession() throws Exception {
    AuditQuery query = new AuditQuery(2, 5, Optional.of("s-two"), Optional.empty(), 100);
    JsonArray array = (JsonArray) Json.parse(export(query, AuditExport.Format.JSON));
    assertThat(array.elements())
        .extracting(e -> ((JsonObject) e).get("seq").orElseThrow().write())
        .containsExactly("4", "5");
    assertThat(
            Json.parse(
                export(
                    new AuditQuery(7, 9, Optional.empty(), Optional.empty(), 10),
                    AuditExport.Format.JSON)))
        .isEqualTo(JsonArray.EMPTY);
  }

  @Test
  void csv_quotesAndDefusesFormulas() throws Exception {
    String csv = export(AuditQuery.all(), AuditExport.Format.CSV);
    String[] rows = csv.split("\r\n");
    assertThat(rows[0]).startsWith("seq,ts,instance,session_id");
    assertThat(rows).hasSize(7);
    assertThat(rows[1]).contains("\"{\"\"path\"\":\"\"a,\\\"\"b\\\"\"\"\"}\"");
    assertThat(rows[2]).contains(",'=2+3,").doesNotContain(",=2+3,");
    assertThat(rows[1]).contains(",alice,");
  }

  @Test
  void limit_isHonoured() throws Exception {
    assertThat(
            export(
                    new AuditQuery(1, Long.MAX_VALUE, Optional.empty(), Optional.empty(), 2),
                    AuditExport.Format.JSONL)
                .split("\n"))
        .hasSize(2);
  }
}
