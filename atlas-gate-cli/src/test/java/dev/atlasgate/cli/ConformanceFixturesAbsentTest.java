package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's class path holds no conformance fixtures: asking for them without the separate
 * {@code atlas-gate-conformance.jar} stops {@code serve} with a message that names the jar.
 */
class ConformanceFixturesAbsentTest {
  @TempDir Path temp;

  @Test
  void serveWithConformanceFixtures_withoutTheirJar_refusesToStart() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        AtlasGate.run(
            new String[] {
              "serve",
              "--conformance-fixtures",
              "--atlas-home",
              temp.resolve("home").toString(),
              "--port",
              "0",
              "--bind",
              "127.0.0.1"
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isNotZero();
    assertThat(err.toString()).contains("atlas-gate-conformance.jar");
  }

  @Test
  void theFixturesClass_isNotInTheProduct() {
    assertThat(
            getClass()
                .getClassLoader()
                .getResource("dev/atlasgate/server/ConformanceFixtures.class"))
        .isNull();
    assertThat(
            getClass()
                .getClassLoader()
                .getResource("dev/atlasgate/conformance/ConformanceFixtures.class"))
        .isNull();
  }
}
