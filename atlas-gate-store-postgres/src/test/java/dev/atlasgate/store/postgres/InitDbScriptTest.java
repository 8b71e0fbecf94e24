package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InitDbScriptTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void deployInitDbSql_isTheMigrationsConcatenated() throws Exception {
    String expected = InitDbScript.render(ROOT.resolve(InitDbScript.MIGRATIONS));
    assertThat(Files.readString(ROOT.resolve(InitDbScript.SCRIPT)))
        .as(
            "deploy/init-db.sql differs from the migrations: regenerate it with InitDbScript"
                + " (docs/postgres.md)")
        .isEqualTo(expected);
  }

  @Test
  void theScript_holdsEveryMigrationInVersionOrder() throws Exception {
    String script = InitDbScript.render(ROOT.resolve(InitDbScript.MIGRATIONS));
    int v1 = script.indexOf("-- ==== V1__");
    int v2 = script.indexOf("-- ==== V2__");
    int v8 = script.indexOf("-- ==== V8__");
    assertThat(v1).isPositive().isLessThan(v2);
    assertThat(v2).isLessThan(v8);
    assertThat(script).contains("ATLAS-GATE schema version 9, loaded from deploy/init-db.sql");
  }
}
