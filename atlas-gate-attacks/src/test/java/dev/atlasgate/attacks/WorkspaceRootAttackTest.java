package dev.atlasgate.attacks;

import static dev.atlasgate.attacks.Governed.ok;
import static dev.atlasgate.attacks.Governed.quote;
import static dev.atlasgate.attacks.Governed.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.bootstrap.config.Settings;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Binding a session to a root that hands the agent more than a project: the file system root, a git
 * directory (whose hooks run code), the gateway's own state, or anything at all when the operator
 * has configured nothing.
 */
class WorkspaceRootAttackTest {
  @TempDir Path temp;
  private Governed governed;

  @AfterEach
  void tearDown() {
    if (governed != null) {
      governed.close();
    }
  }

  private static ToolResult begin(Governed governed, Path root) {
    return governed
        .connect()
        .call("begin_session", "{\"workspace_root\": %s, \"role\": \"WINDSURF\"}", quote(root));
  }

  @Test
  void fileSystemRoot_isRefusedEvenWhenTheOperatorAllowsIt() throws Exception {
    governed = Governed.start(temp, Map.of("ATLAS_WORKSPACES", "/"));

    var refusal = refused(begin(governed, Path.of("/")), ErrorCode.WORKSPACE_INVALID);
    assertThat(refusal.message()).contains("file system root");
  }

  @Test
  void byDefault_onlyTheUsersHomeIsAllowed() throws Exception {
    governed = Governed.start(temp, Map.of("ATLAS_WORKSPACES", ""));
    Path project = Files.createDirectories(temp.resolve("user-home/project"));

    refused(begin(governed, Path.of("/")), ErrorCode.WORKSPACE_INVALID);
    refused(begin(governed, Path.of("/etc")), ErrorCode.WORKSPACE_INVALID);
    refused(begin(governed, governed.workspace), ErrorCode.WORKSPACE_INVALID);
    ok(begin(governed, project));
  }

  @ParameterizedTest
  @ValueSource(strings = {".git", ".GIT", "src/sub/.git", "src/.Git/hooks", ".atlas-gate/plans"})
  void rootInsideAProtectedDirectory_isRefused(String relative) throws Exception {
    governed = Governed.start(temp);
    Path root = Files.createDirectories(governed.workspace.resolve(relative));

    var refusal = refused(begin(governed, root), ErrorCode.WORKSPACE_INVALID);
    assertThat(refusal.message()).contains("protected");
  }

  @Test
  void symbolicLinkToAProtectedDirectoryOrTheState_isJudgedByWhereItLeads() throws Exception {
    governed = Governed.start(temp, Map.of("ATLAS_WORKSPACES", temp.toString()));
    Path git = Files.createDirectories(governed.workspace.resolve(".git"));
    Path toGit = Files.createSymbolicLink(governed.workspace.resolve("innocent"), git);
    Path toState = Files.createSymbolicLink(governed.workspaces.resolve("state"), governed.home);

    assertThat(refused(begin(governed, toGit), ErrorCode.WORKSPACE_INVALID).message())
        .contains("protected");
    assertThat(refused(begin(governed, toState), ErrorCode.WORKSPACE_INVALID).message())
        .contains("gateway's own");
  }

  @Test
  void sessionBoundBeforeTheseRules_isRefusedOnUse() throws Exception {
    governed = Governed.start(temp);
    Session stored =
        Session.start(
            SessionId.random(),
            Role.WINDSURF,
            Path.of("/"),
            "agent",
            Instant.now(),
            Duration.ofMinutes(10));
    governed.wiring.sessions().save(stored);

    var refusal =
        refused(
            governed
                .connect()
                .call(
                    "read_file",
                    "{\"path\": \"etc/passwd\", \"session_id\": \"%s\"}",
                    stored.id().value()),
            ErrorCode.WORKSPACE_INVALID);
    assertThat(refusal.message()).contains("file system root");
  }

  @Test
  void rootHoldingTheGatewayState_isRefused() throws Exception {
    governed = Governed.start(temp, Map.of("ATLAS_WORKSPACES", temp.toString()));

    var refusal = refused(begin(governed, temp.toRealPath()), ErrorCode.WORKSPACE_INVALID);
    assertThat(refusal.message()).contains("gateway's own");
  }

  @Test
  void rootInsideTheGatewayState_isRefused() throws Exception {
    governed = Governed.start(temp, Map.of("ATLAS_WORKSPACES", temp.toString()));
    Path inside = Files.createDirectories(governed.home.resolve("plans"));

    refused(begin(governed, governed.home), ErrorCode.WORKSPACE_INVALID);
    refused(begin(governed, inside), ErrorCode.WORKSPACE_INVALID);
  }

  @Test
  void rootHoldingTheAuditFileOrTheTokensFile_isRefused() throws Exception {
    Path audit = Files.createDirectories(temp.resolve("workspaces/audit"));
    Path tokens = Files.createDirectories(temp.resolve("workspaces/tokens"));
    Files.writeString(tokens.resolve("tokens.json"), "{\"tokens\": []}");
    governed =
        Governed.start(
            temp,
            Map.of(
                "AUDIT_FILE",
                audit.resolve("audit.jsonl").toString(),
                "ATLAS_TOKENS_FILE",
                tokens.resolve("tokens.json").toString()));

    refused(begin(governed, audit), ErrorCode.WORKSPACE_INVALID);
    refused(begin(governed, tokens), ErrorCode.WORKSPACE_INVALID);
    refused(begin(governed, governed.workspaces), ErrorCode.WORKSPACE_INVALID);
    ok(begin(governed, governed.workspace));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"SESSION_BACKEND=redis", "SESSION_BACKEND=postgres", "AUDIT_BACKEND=postgres"})
  void cloudShapeWithoutWorkspaces_refusesEveryRootAndSaysWhatToSet(String backend)
      throws Exception {
    String[] pair = backend.split("=");
    Settings settings =
        SettingsLoader.load(
            Map.of(
                pair[0],
                pair[1],
                "DATABASE_URL",
                "postgresql://atlas@127.0.0.1:5432/atlas",
                "REDIS_URL",
                "redis://127.0.0.1:6379"),
            Map.of(),
            Files.createDirectories(temp.resolve("user-home")));
    Gateway gateway =
        new Gateway(
            new GatewaySettings(
                "cloud",
                settings.role(),
                settings.workspaces(),
                settings.sessionTtl(),
                1024,
                100,
                Set.of()),
            new InMemorySessionStore(Clock.systemUTC()),
            new InMemoryPlanStore(),
            new InMemoryAuditLog(),
            Clock.systemUTC());
    Path project = Files.createDirectories(temp.resolve("user-home/project"));

    ToolResult result =
        gateway.call(
            new CallContext(Principal.trusted("agent"), SessionBinding.inMemory()),
            "begin_session",
            (JsonObject)
                Json.parse(
                    "{\"workspace_root\": %s, \"role\": \"WINDSURF\"}".formatted(quote(project))));
    var refusal = refused(result, ErrorCode.WORKSPACE_INVALID);
    assertThat(refusal.message()).contains("ATLAS_WORKSPACES");
  }
}
