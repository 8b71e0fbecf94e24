package dev.atlasgate.bootstrap.config;

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
  void defaults_areTheLocalShape() throws Exception {
    Settings settings = SettingsLoader.load(Map.of(), Map.of(), temp);
    assertThat(settings.atlasHome()).isEqualTo(temp.resolve(".atlas-gate"));
    assertThat(settings.auditFile()).isEqualTo(temp.resolve(".atlas-gate/audit.jsonl"));
    assertThat(settings.role()).isEmpty();
    assertThat(settings.workspaces().any()).isFalse();
    assertThat(settings.workspaces().allows(temp.toRealPath().resolve("project"))).isTrue();
    assertThat(settings.workspaces().allows(Path.of("/"))).isFalse();
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

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({"SESSION_BACKEND, redis", "SESSION_BACKEND, postgres", "AUDIT_BACKEND, postgres"})
  void cloudShape_allowsNoWorkspaceUntilConfigured(String name, String value) {
    Settings settings =
        SettingsLoader.load(
            Map.of(
                name,
                value,
                "DATABASE_URL",
                "postgresql://u@127.0.0.1:5432/d",
                "REDIS_URL",
                "redis://127.0.0.1:6379"),
            Map.of(),
            temp);
    assertThat(settings.workspaces().unconfigured()).isTrue();
    assertThat(settings.workspaces().allows(temp.resolve("project"))).isFalse();
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
    "REQUIRE_AUTH, yes, true or false",
    "REQUIRE_AUTH, 1, true or false",
    "ATLAS_LOG_LEVEL, LOUD, 'TRACE, DEBUG, INFO, WARN or ERROR'",
    "SESSION_TTL_SECONDS, ten, whole number",
    "SESSION_TTL_SECONDS, 0, whole number from 1",
    "MAX_FILE_BYTES, -5, whole number",
    "MAX_BODY_BYTES, 12, whole number from 1024",
    "AUDIT_BACKEND, mongodb, file",
    "SESSION_BACKEND, etcd, memory",
    "ATLAS_WORKSPACES, relative/dir, absolute paths",
    "IDLE_TIMEOUT_SECONDS, 0, whole number from 1",
    "MAX_SESSIONS_PER_PRINCIPAL, many, whole number",
    "ATLAS_CONFORMANCE_FIXTURES, maybe, true or false",
    "TRUSTED_PROXIES, proxy.example.com, IP addresses and CIDR blocks",
    "TRUSTED_PROXIES, 10.0.0.0/33, prefix length from 0 to 32",
    "HEADER_TIMEOUT_SECONDS, 0, whole number from 1",
    "BODY_TIMEOUT_SECONDS, slow, whole number"
  })
  void badValue_stopsStartUp_namingTheVariable(String name, String value, String accepted) {
    assertThatThrownBy(() -> SettingsLoader.load(Map.of(name, value), Map.of(), temp))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(name + "=\"" + value + "\" is not valid")
        .hasMessageContaining(accepted);
  }

  @Test
  void logLevel_defaultsToInfo_andIsRead() {
    assertThat(SettingsLoader.load(Map.of(), Map.of(), temp).logLevel())
        .isEqualTo(Settings.LogLevel.INFO);
    assertThat(SettingsLoader.load(Map.of("ATLAS_LOG_LEVEL", "warn"), Map.of(), temp).logLevel())
        .isEqualTo(Settings.LogLevel.WARN);
  }

  @Test
  void atlasHome_thatCannotBeADirectory_stopsStartUp() throws Exception {
    Path file = java.nio.file.Files.writeString(temp.resolve("a-file"), "x");
    for (Path home : new Path[] {file, file.resolve("below")}) {
      assertThatThrownBy(
              () -> SettingsLoader.load(Map.of("ATLAS_HOME", home.toString()), Map.of(), temp))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "ATLAS_HOME=\""
                  + home
                  + "\" is not valid; it accepts a directory, or a path where one can be made ("
                  + file
                  + " is not a directory)");
    }
    Path fresh = temp.resolve("not/yet/there");
    assertThat(
            SettingsLoader.load(Map.of("ATLAS_HOME", fresh.toString()), Map.of(), temp).atlasHome())
        .isEqualTo(fresh);
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
