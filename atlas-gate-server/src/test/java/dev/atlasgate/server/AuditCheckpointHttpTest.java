package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.checkpoint.Checkpoint;
import dev.atlasgate.audit.checkpoint.MerkleHashes;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.audit.checkpoint.Proofs;
import dev.atlasgate.audit.checkpoint.SignedNote;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code /audit/checkpoint} and the proof endpoints on a real gateway with a file audit log. */
class AuditCheckpointHttpTest {
  @TempDir Path temp;
  private RunningGateway gw;
  private NoteSigner signer;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void start() throws Exception {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    logs.start();
    signer = NoteSigner.generate("audit.example");
    Path key = temp.resolve("checkpoint.key");
    Files.writeString(key, signer.encodedPrivateKey());
    gw =
        RunningGateway.start(
            temp.resolve("home"),
            Map.of(
                "ATLAS_CHECKPOINT_KEY", key.toString(), "ATLAS_CHECKPOINT_ORIGIN", "test-origin"));
    for (int i = 0; i < 13; i++) {
      gw.wiring.audit().append(event(i));
    }
  }

  @AfterEach
  void stop() {
    gw.close();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  static AuditEvent event(int n) {
    return new AuditEvent(
        Instant.parse("2026-12-03T09:00:00Z").plusSeconds(n),
        "test-gw",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "read_file",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        JsonObject.builder().put("n", n).build(),
        true,
        Optional.empty(),
        0);
  }

  private Checkpoint checkpoint() throws Exception {
    HttpResponse<String> response = gw.get("/audit/checkpoint");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    var opened = SignedNote.open(response.body(), signer.verifier());
    assertThat(opened).isInstanceOf(SignedNote.Opened.Verified.class);
    return Checkpoint.parse(((SignedNote.Opened.Verified) opened).text());
  }

  @Test
  void theCheckpoint_isASignedNote_andInclusionProofsLeadToItsRoot() throws Exception {
    gw.wiring.checkpointer().orElseThrow().checkpointNow();
    Checkpoint checkpoint = checkpoint();
    assertThat(checkpoint.origin()).isEqualTo("test-origin");
    assertThat(checkpoint.size()).isEqualTo(13);
    JsonObject proof = json(gw.get("/audit/proof/inclusion?seq=5&size=13"));
    assertThat(proof.members().keySet())
        .containsExactly("leaf_index", "tree_size", "leaf_hash", "audit_path");
    assertThat(((JsonNumber) proof.get("leaf_index").orElseThrow()).value().longValue())
        .isEqualTo(4);
    assertThat(
            Proofs.verifyInclusion(
                4,
                13,
                MerkleHashes.fromHex(proof.string("leaf_hash").orElseThrow()),
                hashes(proof, "audit_path"),
                checkpoint.rootHash()))
        .isTrue();
  }

  @Test
  void consistencyProofs_linkTwoCheckpoints() throws Exception {
    Checkpoint first =
        gw.wiring.checkpointer().orElseThrow().checkpointNow().orElseThrow().checkpoint();
    for (int i = 13; i < 20; i++) {
      gw.wiring.audit().append(event(i));
    }
    gw.wiring.checkpointer().orElseThrow().checkpointNow();
    Checkpoint second = checkpoint();
    JsonObject proof = json(gw.get("/audit/proof/consistency?from=13&to=20"));
    assertThat(proof.members().keySet()).containsExactly("first", "second", "consistency_path");
    assertThat(
            Proofs.verifyConsistency(
                13, 20, first.rootHash(), second.rootHash(), hashes(proof, "consistency_path")))
        .isTrue();
  }

  @Test
  void badParameters_get400_namingTheParameter() throws Exception {
    assertBad("/audit/proof/inclusion?size=3", "seq");
    assertBad("/audit/proof/inclusion?seq=x&size=3", "seq");
    assertBad("/audit/proof/inclusion?seq=2&size=99", "size 99");
    assertBad("/audit/proof/inclusion?seq=4&size=3", "seq 4");
    assertBad("/audit/proof/consistency?from=0&to=3", "from");
    assertBad("/audit/proof/consistency?from=5&to=2", "from 5");
    assertBad("/audit/proof/consistency?from=1&to=1000", "to 1000");
  }

  @Test
  void thePrivateKey_neverAppearsInAnswersLogsOrFiles() throws Exception {
    gw.wiring.checkpointer().orElseThrow().checkpointNow();
    // PRIVATE+KEY+NAME+KEYHASH+KEY: the key itself is base64 and may hold '+' of its own.
    String secret = signer.encodedPrivateKey().split("\\+", 5)[4];
    assertThat(secret).hasSizeGreaterThan(40);
    StringBuilder seen = new StringBuilder();
    for (String path :
        List.of(
            "/audit/checkpoint",
            "/audit/proof/inclusion?seq=1&size=13",
            "/audit/export?format=jsonl",
            "/health",
            "/metrics")) {
      seen.append(gw.get(path).body());
    }
    logs.list.forEach(e -> seen.append(e.getFormattedMessage()).append('\n'));
    seen.append(gw.wiring.settings().toString());
    seen.append(Files.readString(gw.wiring.settings().auditFile()));
    seen.append(Files.readString(Path.of(gw.wiring.settings().auditFile() + ".checkpoint")));
    assertThat(seen.toString()).doesNotContain(secret).contains("audit.example");
  }

  @Test
  void withoutAKey_theEndpointsSayCheckpointsAreOff() throws Exception {
    try (RunningGateway plain = RunningGateway.start(temp.resolve("plain"), Map.of())) {
      HttpResponse<String> response = plain.get("/audit/checkpoint");
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("ATLAS_CHECKPOINT_KEY");
    }
  }

  @Test
  void theEndpoints_needWhatTheExportNeeds_anAuditorOrOperatorToken() throws Exception {
    Path tokens = temp.resolve("tokens.json");
    Files.writeString(
        tokens,
        """
        {"tokens": [
          {"sha256": "%s", "principal": "auditor", "roles": ["AUDITOR"]},
          {"sha256": "%s", "principal": "executor", "roles": ["WINDSURF"]}
        ]}
        """
            .formatted(
                dev.atlasgate.json.Sha256.hex("auditor-token"),
                dev.atlasgate.json.Sha256.hex("executor-token")));
    Path key = temp.resolve("checkpoint.key");
    try (RunningGateway secured =
        RunningGateway.start(
            temp.resolve("secured"),
            Map.of(
                "REQUIRE_AUTH", "true",
                "ATLAS_TOKENS_FILE", tokens.toString(),
                "ATLAS_CHECKPOINT_KEY", key.toString()))) {
      secured.wiring.audit().append(event(1));
      for (String path :
          List.of(
              "/audit/checkpoint",
              "/audit/proof/inclusion?seq=1&size=1",
              "/audit/proof/consistency?from=1&to=1")) {
        assertThat(secured.get(path).statusCode()).as(path).isEqualTo(401);
        assertThat(status(secured, path, "executor-token")).as(path).isEqualTo(403);
        assertThat(status(secured, path, "auditor-token")).as(path).isEqualTo(200);
      }
    }
  }

  private static int status(RunningGateway gw, String path, String token) throws Exception {
    return gw.send(
            java.net.http.HttpRequest.newBuilder(gw.base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .GET())
        .statusCode();
  }

  private void assertBad(String path, String named) throws Exception {
    HttpResponse<String> response = gw.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(response.body()).as(path).contains("INVALID_ARGUMENT").contains(named);
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return (JsonObject) Json.parse(response.body());
  }

  private static List<byte[]> hashes(JsonObject proof, String member) {
    return ((JsonArray) proof.get(member).orElseThrow())
        .elements().stream().map(j -> MerkleHashes.fromHex(((JsonString) j).value())).toList();
  }
}
