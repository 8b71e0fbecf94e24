package dev.atlasgate.cli;

import dev.atlasgate.bootstrap.Wiring;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atlas-gate migrate}: brings the PostgreSQL schema of DATABASE_URL up to date. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Applies the PostgreSQL migrations to DATABASE_URL (the gateway also does on start-up).",
      "Safe to run again: an up-to-date database is left as it is."
    })
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    Wiring.Migrated result = Wiring.migrate(config.settings());
    spec.commandLine()
        .getOut()
        .printf(
            "%s: schema version %s (was %s; %d migrations applied)%n",
            result.database(),
            result.toVersion(),
            result.fromVersion().orElse("empty"),
            result.applied());
    return 0;
  }
}
