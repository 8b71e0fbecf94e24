package dev.atlasgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.InMemoryCheckpointStore;
import dev.atlasgate.audit.checkpoint.MerkleHashes;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.audit.checkpoint.Proofs;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify_audit_log reports the latest checkpoint; read_audit_log proves its entries on request. */
class AuditToolsCheckpointTest {
  @TempDir Path temp;
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final NoteSigner signer = NoteSigner.generate("audit.example");
  private Checkpointer checkpointer;
  private Gateway gateway;
  private final CallContext context =
      new CallContext(Principal.trusted("alice"), SessionBinding.inMemory());

  @BeforeEach
  void setUp() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
    checkpointer =
        Checkpointer.start(
            audit,
            signer,
            new InMemoryCheckpointStore(),
            new Checkpointer.Options("atlas-gate", 1_000_000, Duration.ofHours(1)),
            new Checkpointer.Listener() {
              @Override
              public void issued(SignedCheckpoint checkpoint) {}

              @Override
              public void refused(String reason, String detail) {}

              @Override
              public void failed(Throwable failure) {}
            });
    GatewaySettings settings =
        new GatewaySettings(
            "test",
            Optional.empty(),
            WorkspaceRoots.anyDirectory(),
            Duration.ofMinutes(10),
            1024,
            100,
            Set.of());
    gateway =
        new Gateway(
            settings,
            new InMemorySessionStore(Clock.systemUTC()),
            new InMemoryPlanStore(),
            audit,
            Clock.systemUTC(),
            CallObserver.NONE,
            Optional.of(checkpointer),
            WriteSetup.inProcess());
    call(
        "begin_session",
        JsonObject.builder()
            .put("workspace_root", workspace.toString())
            .put("role", Role.WINDSURF.name())
            .build());
    for (int i = 0; i < 6; i++) {
      call("read_audit_log", JsonObject.EMPTY);
    }
    checkpointer.checkpointNow();
  }

  @AfterEach
  void tearDown() {
    checkpointer.close();
  }

  private JsonObject call(String tool, JsonObject args) {
    ToolResult result = gateway.call(context, tool, args);
    assertThat(result).isInstanceOf(ToolResult.Success.class);
    return ((ToolResult.Success) result).structured();
  }

  @Test
  void verifyAuditLog_reportsTheLatestCheckpoint_andThatTheLogMatchesIt() {
    JsonObject result = call("verify_audit_log", JsonObject.EMPTY);
    assertThat(result.get("valid")).contains(Json.of(true));
    JsonObject checkpoint = result.object("checkpoint").orElseThrow();
    assertThat(checkpoint.get("tree_size")).contains(Json.of(7L));
    assertThat(checkpoint.get("matches_log")).contains(Json.of(true));
    assertThat(checkpoint.string("note").orElseThrow()).startsWith("atlas-gate\n7\n");
  }

  @Test
  void readAuditLog_withProof_givesEachCoveredEntryItsInclusionProof() {
    JsonObject result =
        call("read_audit_log", JsonObject.builder().put("with_proof", true).build());
    SignedCheckpoint signed = SignedCheckpoint.read(result.string("checkpoint").orElseThrow());
    List<Json> proofs = ((JsonArray) result.get("proofs").orElseThrow()).elements();
    assertThat(proofs).hasSize(7);
    for (Json p : proofs) {
      JsonObject proof = (JsonObject) p;
      long index = ((JsonNumber) proof.get("leaf_index").orElseThrow()).value().longValue();
      List<byte[]> path =
          ((JsonArray) proof.get("audit_path").orElseThrow())
              .elements().stream()
                  .map(j -> MerkleHashes.fromHex(((JsonString) j).value()))
                  .toList();
      assertThat(
              Proofs.verifyInclusion(
                  index,
                  7,
                  MerkleHashes.fromHex(proof.string("leaf_hash").orElseThrow()),
                  path,
                  signed.checkpoint().rootHash()))
          .isTrue();
    }
    JsonObject first =
        (JsonObject) ((JsonArray) result.get("entries").orElseThrow()).elements().getFirst();
    assertThat(MerkleHashes.hex(MerkleHashes.entry(first)))
        .isEqualTo(((JsonObject) proofs.getFirst()).string("leaf_hash").orElseThrow());
    assertThat(call("read_audit_log", JsonObject.EMPTY).has("proofs")).isFalse();
  }
}
