package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL canonicalisation behind {@code audit_verify()} writes every JSON value exactly as the
 * Java one (RFC 8785), so that both verifiers recompute the same hashes.
 */
class CanonicalSqlIT {
  private static final String AWKWARD_CHARACTERS =
      "aZ09 \"\\/\b\f\n\r\t\u0001\u001f\u007f\u0000é€\uE000\uFFFD😀𝄞";

  private static DatabaseUrl url;
  private static PostgresDatabase database;

  @BeforeAll
  static void open() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
  }

  @AfterAll
  static void drop() {
    database.close();
    TestPostgres.server().drop(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "{\"b\": 1, \"a\": [true, false, null], \"c\": {\"z\": \"\", \"y\": []}}",
        "[0, -0, 1, -1, 1.5, 2.50, 1e21, 1e20, 1E-7, 0.000001, 123456789012345678901234]",
        "[69493101449640540, 2.5e-323, 4.9e-324, 1e23, 9.999999999999999e22, 0.30000000000000004]",
        "[5e-324, 1.7976931348623157e308, 0.1, 100, 1234.5678, 9007199254740993, -3.25e-10]",
        "{\"\\u00e9\": 1, \"e\": 2, \"\\ud83d\\ude00\": 3, \"\\ue000\": 4, \"\\ufb01\": 5}",
        "{\"esc\": \"a\\/b\\u0041\\u00e9\\ud834\\udd1e\\u001f\\u007f\"}",
        "{\"nul\": \"a\\u0000b\", \"k\\u0000\": [\"\\\\u0000\", \"\\\\\\u0000\"]}"
      })
  void sqlCanonicalForm_isTheJavaOne(String json) throws Exception {
    assertThat(sqlCanonical(json)).isEqualTo(Json.parse(json).canonical());
  }

  @Test
  void randomDocuments_areCanonicalisedAlikeInSqlAndJava() throws Exception {
    Random random = new Random(8785);
    List<Json> documents = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      documents.add(object(random, 0));
    }
    assertAlike(documents);
  }

  @Test
  void randomDoubles_areWrittenAlikeInSqlAndJava() throws Exception {
    Random random = new Random(1985);
    List<Json> documents = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value)) {
        documents.add(JsonArray.of(JsonNumber.of(value), JsonNumber.of(random.nextInt())));
      }
    }
    assertAlike(documents);
  }

  private static void assertAlike(List<Json> documents) throws Exception {
    List<String> written = documents.stream().map(Json::write).toList();
    List<String> sql = sqlCanonical(written);
    for (int i = 0; i < documents.size(); i++) {
      assertThat(sql.get(i))
          .as("document %s", written.get(i))
          .isEqualTo(documents.get(i).canonical());
    }
  }

  private static List<String> sqlCanonical(List<String> documents) throws Exception {
    try (Connection c = database.connection();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT audit_canonical_entry(d) FROM unnest(?::text[]) WITH ORDINALITY AS t(d, i)"
                    + " ORDER BY i")) {
      query.setArray(1, c.createArrayOf("text", documents.toArray()));
      List<String> canonical = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          canonical.add(rs.getString(1));
        }
      }
      return canonical;
    }
  }

  @Test
  void entriesWithAwkwardContent_verifyInBothVerifiers() {
    try (PostgresAuditLog log = PostgresAuditLog.open(database)) {
      for (int i = 0; i < 5; i++) {
        JsonObject args =
            JsonObject.builder()
                .put("path", "evil\u0000" + AWKWARD_CHARACTERS + i)
                .put("k\u0000ey" + i, JsonNumber.of(1.5e-7 * i))
                .put("😀", JsonArray.of(JsonNumber.of(1e21), new JsonString("\uE000")))
                .put("\uE000", "private use")
                .build();
        AuditEntry entry = log.append(awkward(args, i));
        assertThat(entry.seq()).isEqualTo(i + 1);
      }
      Verification java = Events.verify(log);
      assertThat(java.valid()).as("%s", java).isTrue();
      assertThat(log.verifyInDatabase()).isEqualTo(java);
    }
  }

  private static AuditEvent awkward(JsonObject args, int n) {
    return new AuditEvent(
        Instant.parse("2026-03-01T10:00:00Z"),
        "gw\u0000" + n,
        Optional.of("session\u0000"),
        Optional.of(AWKWARD_CHARACTERS),
        Optional.of("WINDSURF"),
        "write_file\u0000",
        Optional.of("/srv/work"),
        Optional.empty(),
        Optional.empty(),
        args,
        false,
        Optional.of("PATH_OUTSIDE_WORKSPACE"),
        n);
  }

  private static String sqlCanonical(String json) throws Exception {
    try (Connection c = database.connection();
        PreparedStatement query = c.prepareStatement("SELECT audit_canonical_entry(?)")) {
      query.setString(1, json);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static JsonObject object(Random random, int depth) {
    Map<String, Json> members = new LinkedHashMap<>();
    int size = random.nextInt(depth == 0 ? 2 : 0, 6);
    for (int i = 0; i < size; i++) {
      members.put(text(random, 4), value(random, depth + 1));
    }
    return new JsonObject(members);
  }

  private static Json value(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 5 : 7);
    return switch (kind) {
      case 0 -> Json.of(random.nextBoolean());
      case 1 -> dev.atlasgate.json.JsonNull.INSTANCE;
      case 2 -> new JsonString(text(random, 12));
      case 3 -> number(random);
      case 4 -> JsonNumber.of(random.nextLong(-1_000_000, 1_000_000));
      case 5 -> object(random, depth);
      default -> {
        List<Json> elements = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          elements.add(value(random, depth + 1));
        }
        yield new JsonArray(elements);
      }
    };
  }

  private static Json number(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> JsonNumber.of(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
      case 1 -> JsonNumber.of(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
      case 2 ->
          new JsonNumber(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(0, 8)));
      default -> JsonNumber.of((double) random.nextInt() / 1000);
    };
  }

  private static String text(Random random, int maxLength) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(
          AWKWARD_CHARACTERS.codePointAt(
              AWKWARD_CHARACTERS.offsetByCodePoints(
                  0,
                  random.nextInt(
                      AWKWARD_CHARACTERS.codePointCount(0, AWKWARD_CHARACTERS.length())))));
    }
    return out.toString();
  }
}
