package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.checkpoint.InclusionProof;
import dev.atlasgate.audit.checkpoint.MerkleHashes;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.audit.checkpoint.NoteVerifier;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Metrics;
import dev.atlasgate.store.file.FileAuditLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, audit checkpoint, audit verify --checkpoint, audit prove and audit monitor. */
class CheckpointCommandsTest {
  @TempDir Path temp;
  private Path home;
  private Path keys;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void setUp() {
    home = temp.resolve("home");
    keys = temp.resolve("keys");
    assertThat(run("keygen", "--name", "audit.example", "--out", keys.toString()).exit()).isZero();
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = AtlasGate.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path auditFile() {
    return home.resolve("audit.jsonl");
  }

  private void append(String tool, int n) {
    try (FileAuditLog log = FileAuditLog.open(auditFile())) {
      for (int i = 0; i < n; i++) {
        log.append(
            new AuditEvent(
                Instant.parse("2026-12-03T09:00:00Z"),
                "cli",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                tool,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                JsonObject.builder().put("i", i).build(),
                true,
                Optional.empty(),
                1));
      }
    }
  }

  private Path signedCheckpoint(String name) {
    Path note = temp.resolve(name);
    Run signed =
        run(
            "audit",
            "checkpoint",
            "--atlas-home",
            home.toString(),
            "--checkpoint-key",
            keys.resolve("checkpoint.key").toString(),
            "--out",
            note.toString());
    assertThat(signed.exit()).as(signed.err()).isZero();
    return note;
  }

  private Run verify(Path export, Path... checkpoints) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "audit",
                "verify",
                "--file",
                export.toString(),
                "--key",
                keys.resolve("checkpoint.pub").toString()));
    for (Path c : checkpoints) {
      args.add("--checkpoint");
      args.add(c.toString());
    }
    return run(args.toArray(String[]::new));
  }

  @Test
  void keygen_writesAPrivateKeyOnlyItsOwnerReads_andAVerifierKey() throws Exception {
    Path key = keys.resolve("checkpoint.key");
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    NoteVerifier verifier = NoteVerifier.parse(Files.readString(keys.resolve("checkpoint.pub")));
    assertThat(verifier.name()).isEqualTo("audit.example");
    assertThat(NoteSigner.parse(Files.readString(key)).verifier().encoded())
        .isEqualTo(verifier.encoded());
    Run again = run("keygen", "--out", keys.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("not overwritten");
  }

  @Test
  void verify_acceptsTheExport_andNamesTruncationAndRewriting() throws Exception {
    append("read_file", 12);
    Path checkpoint = signedCheckpoint("cp.note");
    Path export = temp.resolve("export.jsonl");
    Files.copy(auditFile(), export);
    Run valid = verify(export, checkpoint);
    assertThat(valid.exit()).as(valid.out() + valid.err()).isZero();
    assertThat(valid.out()).contains("valid: 12 entries");

    List<String> lines = Files.readAllLines(export);
    Path truncated = temp.resolve("truncated.jsonl");
    Files.write(truncated, lines.subList(0, 9));
    Run cut = verify(truncated, checkpoint);
    assertThat(cut.exit()).isEqualTo(1);
    assertThat(cut.out()).contains("TRUNCATED").contains("10 to 12");

    Files.delete(auditFile());
    append("write_file", 12); // a whole new chain, hashes recomputed
    Run rewritten = verify(auditFile(), checkpoint);
    assertThat(rewritten.exit()).isEqualTo(1);
    assertThat(rewritten.out()).contains("REWRITTEN");
  }

  @Test
  void prove_printsAnInclusionProofThatLeadsToTheRoot() {
    append("read_file", 9);
    Run proved = run("audit", "prove", "--file", auditFile().toString(), "--seq", "4");
    assertThat(proved.exit()).as(proved.err()).isZero();
    JsonObject json = (JsonObject) Json.parse(proved.out().trim());
    InclusionProof proof =
        new InclusionProof(
            ((JsonNumber) json.get("leaf_index").orElseThrow()).value().longValue(),
            ((JsonNumber) json.get("tree_size").orElseThrow()).value().longValue(),
            MerkleHashes.fromHex(json.string("leaf_hash").orElseThrow()),
            ((JsonArray) json.get("audit_path").orElseThrow())
                .elements().stream()
                    .map(j -> MerkleHashes.fromHex(((JsonString) j).value()))
                    .toList());
    assertThat(proof.treeSize()).isEqualTo(9);
    assertThat(proof.verify(MerkleHashes.fromHex(json.string("root_hash").orElseThrow()))).isTrue();
    assertThat(run("audit", "prove", "--file", auditFile().toString(), "--seq", "10").exit())
        .isEqualTo(2);
  }

  @Test
  void monitor_followsConsistentCheckpoints_andCatchesAFork() throws Exception {
    Map<String, String> env =
        Map.of(
            "ATLAS_HOME", home.toString(),
            "MCP_PORT", "0",
            "ATLAS_CHECKPOINT_KEY", keys.resolve("checkpoint.key").toString());
    Metrics metrics = new Metrics();
    Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), home), metrics);
    try (HttpGateway gateway = HttpGateway.start(wiring, metrics, "test")) {
      String url = "http://127.0.0.1:" + gateway.port();
      Path state = temp.resolve("monitor.note");
      String pub = keys.resolve("checkpoint.pub").toString();
      append("read_file", 5);
      wiring.checkpointer().orElseThrow().checkpointNow();
      Run first = run("audit", "monitor", url, "--key", pub, "--state", state.toString(), "--once");
      assertThat(first.exit()).as(first.out() + first.err()).isZero();
      assertThat(first.out()).contains("trusting the first checkpoint: size 5");

      append("read_file", 4);
      wiring.checkpointer().orElseThrow().checkpointNow();
      Run second =
          run("audit", "monitor", url, "--key", pub, "--state", state.toString(), "--once");
      assertThat(second.exit()).as(second.out() + second.err()).isZero();
      assertThat(second.out()).contains("consistent: size 5 -> 9");

      // a witness that was shown another history of 9 entries, signed by the same key
      NoteSigner signer = NoteSigner.parse(Files.readString(keys.resolve("checkpoint.key")));
      var other = new dev.atlasgate.audit.checkpoint.Checkpoint("atlas-gate", 9, new byte[32]);
      Files.writeString(state, signer.sign(other.text()));
      Run forked =
          run("audit", "monitor", url, "--key", pub, "--state", state.toString(), "--once");
      assertThat(forked.exit()).isEqualTo(1);
      assertThat(forked.out()).contains("INCONSISTENT: FORK");

      var later = new dev.atlasgate.audit.checkpoint.Checkpoint("atlas-gate", 50, new byte[32]);
      Files.writeString(state, signer.sign(later.text()));
      Run rolledBack =
          run("audit", "monitor", url, "--key", pub, "--state", state.toString(), "--once");
      assertThat(rolledBack.exit()).isEqualTo(1);
      assertThat(rolledBack.out()).contains("INCONSISTENT: TRUNCATED");

      Run foreign =
          run(
              "audit",
              "monitor",
              url,
              "--key",
              NoteSigner.generate("audit.example").verifier().encoded(),
              "--state",
              temp.resolve("other.note").toString(),
              "--once");
      assertThat(foreign.exit()).isEqualTo(1);
      assertThat(foreign.out()).contains("UNKNOWN_KEY");
    }
  }
}
