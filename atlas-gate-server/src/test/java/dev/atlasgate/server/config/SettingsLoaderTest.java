package dev.atlasgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {
  @TempDir Path temp;

  @Test
  void defaults_areTheLocalShape() {
    Settings settings = SettingsLoader.load(Map.of(), Map.of(), temp);
    assertThat(settings.atlasHome()).isEqualTo(temp.resolve(".atlas-gate"));
    assertThat(settings.auditFile()).isEqualTo(temp.resolve(".atlas-gate/audit.jsonl"));
    assertThat(settings.role()).isEmpty();
    assertThat(settings.workspaces().any()).isTrue();
    assertThat(settings.sessionTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.maxFileBytes()).isEqualTo(5L * 1024 * 1024);
    assertThat(settings.maxBodyBytes()).isEqualTo(10 * 1024 * 1024);
    assertThat(settings.auditBackend()).isEqualTo(Settings.AuditBackend.FILE);
  }

  @Test
  void options_overrideEnvironment() {
    Settings settings =
        SettingsLoader.load(
            Map.of(
                "MCP_ROLE",
                "ANTIGRAVITY",
                "SESSION_TTL_SECONDS",
                "60",
                "ATLAS_HOME",
                temp.toString()),
            Map.of("MCP_ROLE", "windsurf"),
            temp);
    assertThat(settings.role()).contains(Role.WINDSURF);
    assertThat(settings.sessionTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.auditFile()).isEqualTo(temp.resolve("audit.jsonl"));
  }

  @Test
  void workspaces_listOfExistingDirectories() {
    Settings settings =
        SettingsLoader.load(Map.of("ATLAS_WORKSPACES", temp + ":" + temp), Map.of(), temp);
    assertThat(settings.workspaces().any()).isFalse();
    assertThat(settings.workspaces().allows(temp.resolve("project"))).isTrue();
    assertThat(settings.workspaces().allows(Path.of("/etc"))).isFalse();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "MCP_ROLE, PLANNER, ANTIGRAVITY",
    "SESSION_TTL_SECONDS, ten, whole number",
    "SESSION_TTL_SECONDS, 0, whole number from 1",
    "MAX_FILE_BYTES, -5, whole number",
    "MAX_BODY_BYTES, 12, whole number from 1024",
    "AUDIT_BACKEND, mongodb, file",
    "SESSION_BACKEND, etcd, memory",
    "ATLAS_WORKSPACES, relative/dir, absolute paths",
    "IDLE_TIMEOUT_SECONDS, 0, whole number from 1",
    "MAX_SESSIONS_PER_PRINCIPAL, many, whole number",
    "ATLAS_CONFORMANCE_FIXTURES, maybe, true or false"
  })
  void badValue_stopsStartUp_namingTheVariable(String name, String value, String accepted) {
    assertThatThrownBy(() -> SettingsLoader.load(Map.of(name, value), Map.of(), temp))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(name + "=\"" + value + "\" is not valid")
        .hasMessageContaining(accepted);
  }

  @Test
  void conformanceFixtures_needALoopbackBind() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    Map.of("ATLAS_CONFORMANCE_FIXTURES", "true", "MCP_BIND", "0.0.0.0"),
                    Map.of(),
                    temp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loopback");
    assertThat(
            SettingsLoader.load(Map.of("ATLAS_CONFORMANCE_FIXTURES", "true"), Map.of(), temp)
                .http()
                .conformanceFixtures())
        .isTrue();
  }

  @Test
  void aVariableMayComeFromAFile_asContainerSecretsDo() throws Exception {
    Path secret = java.nio.file.Files.writeString(temp.resolve("tokens"), "t-one,t-two\n");
    Settings settings =
        SettingsLoader.load(
            Map.of("REQUIRE_AUTH", "true", "VALID_TOKENS_FILE", secret.toString()), Map.of(), temp);
    assertThat(settings.auth().validTokens()).hasSize(2);
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    Map.of("VALID_TOKENS_FILE", temp.resolve("missing").toString()),
                    Map.of(),
                    temp))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VALID_TOKENS_FILE=");
  }
}
