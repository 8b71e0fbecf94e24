package dev.atlasgate.cli;

import dev.atlasgate.server.config.ConfigException;
import dev.atlasgate.server.config.Settings;
import dev.atlasgate.server.config.SettingsLoader;
import dev.atlasgate.store.postgres.DatabaseUrl;
import dev.atlasgate.store.postgres.PostgresDatabase;
import java.nio.file.Path;
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
    Settings settings =
        SettingsLoader.load(
            System.getenv(), config.asVariables(), Path.of(System.getProperty("user.home")));
    String url =
        settings
            .stores()
            .databaseUrl()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "DATABASE_URL is required: postgresql://user:password@host:5432/db"))
            .value();
    DatabaseUrl database;
    try {
      database = DatabaseUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DATABASE_URL is not valid: " + e.getMessage());
    }
    PostgresDatabase.Migration result = PostgresDatabase.migrate(database);
    spec.commandLine()
        .getOut()
        .printf(
            "%s: schema version %s (was %s; %d migrations applied)%n",
            database.redacted(),
            result.toVersion(),
            result.fromVersion().orElse("empty"),
            result.applied());
    return 0;
  }
}
