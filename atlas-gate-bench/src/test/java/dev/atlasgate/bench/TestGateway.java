package dev.atlasgate.bench;

import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Metrics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real {@code atlas-gate serve}, started in this JVM on a free loopback port, with bearer tokens
 * for a planner, an executor and an operator, a file audit log and plans under the workspace.
 */
final class TestGateway implements AutoCloseable {
  static final String PLANNER = "bench-planner-token-3c9e";
  static final String EXECUTOR = "bench-executor-token-7a41";
  static final String OPERATOR = "bench-operator-token-d260";

  private final Wiring wiring;
  private final HttpGateway gateway;
  final Path workspace;

  private TestGateway(Wiring wiring, HttpGateway gateway, Path workspace) {
    this.wiring = wiring;
    this.gateway = gateway;
    this.workspace = workspace;
  }

  static TestGateway start(Path temp) throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("workspace")).toRealPath();
    Path tokens = temp.resolve("tokens.json");
    Files.writeString(
        tokens,
        """
        {"tokens": [
          {"sha256": "%s", "principal": "planner", "roles": ["ANTIGRAVITY"]},
          {"sha256": "%s", "principal": "executor", "roles": ["WINDSURF"]},
          {"sha256": "%s", "principal": "operator", "roles": ["OPERATOR"]}
        ]}
        """
            .formatted(sha256(PLANNER), sha256(EXECUTOR), sha256(OPERATOR)));
    Metrics metrics = new Metrics();
    Wiring wiring =
        Wiring.open(
            SettingsLoader.load(
                Map.of(
                    "ATLAS_HOME", temp.resolve("home").toString(),
                    "ATLAS_WORKSPACES", workspace.toString(),
                    "ATLAS_INSTANCE_ID", "bench-it",
                    "MCP_PORT", "0",
                    "REQUIRE_AUTH", "true",
                    "ATLAS_TOKENS_FILE", tokens.toString(),
                    "RATE_LIMIT_RPS", "100000",
                    "RATE_LIMIT_BURST", "100000"),
                Map.of(),
                temp),
            metrics);
    return new TestGateway(wiring, HttpGateway.start(wiring, metrics, "test"), workspace);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + gateway.port() + "/mcp");
  }

  /** The audit entries by seq, as the gateway's own log holds them. */
  Map<Long, JsonObject> auditEntries() {
    Map<Long, JsonObject> entries = new TreeMap<>();
    try (Stream<StoredEntry> stream = wiring.audit().entries(1)) {
      stream.forEach(
          e -> {
            JsonObject json = ((StoredEntry.Readable) e).json();
            long seq = ((JsonNumber) json.get("seq").orElseThrow()).value().longValueExact();
            entries.put(seq, json);
          });
    }
    return entries;
  }

  @Override
  public void close() {
    gateway.close();
  }

  private static String sha256(String token) throws NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
