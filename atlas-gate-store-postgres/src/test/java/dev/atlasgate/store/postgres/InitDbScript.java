package dev.atlasgate.store.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code deploy/init-db.sql}: the Flyway migrations concatenated in version order, for a
 * database that is created by its container's init scripts. {@code InitDbScriptTest} fails when the
 * file and the migrations differ. Regenerate, from the repository root:
 *
 * <pre>
 * ./mvnw -B -q test-compile -pl atlas-gate-store-postgres -am
 * java -cp atlas-gate-store-postgres/target/test-classes dev.atlasgate.store.postgres.InitDbScript
 * </pre>
 */
final class InitDbScript {
  static final Path MIGRATIONS =
      Path.of("atlas-gate-store-postgres/src/main/resources/db/migration");
  static final Path SCRIPT = Path.of("deploy/init-db.sql");
  private static final Pattern VERSIONED = Pattern.compile("V([0-9]+)__[A-Za-z0-9_]+\\.sql");

  private InitDbScript() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Files.writeString(root.resolve(SCRIPT), render(root.resolve(MIGRATIONS)));
    System.out.println("wrote " + root.resolve(SCRIPT));
  }

  /** The script for the migrations in {@code directory}. */
  static String render(Path directory) throws IOException {
    List<Path> migrations;
    try (Stream<Path> files = Files.list(directory)) {
      migrations =
          files
              .filter(f -> VERSIONED.matcher(f.getFileName().toString()).matches())
              .sorted(Comparator.comparingInt(InitDbScript::version))
              .toList();
    }
    StringBuilder out = new StringBuilder();
    out.append(
        """
        -- ATLAS-GATE database schema, for PostgreSQL 13 or newer (tested on 15 and 18).
        --
        -- GENERATED FILE, do not edit: it is the Flyway migrations of atlas-gate-store-postgres
        -- (src/main/resources/db/migration) concatenated in version order. Regenerate it with
        -- InitDbScript (see docs/postgres.md); a test fails when it differs from the migrations.
        --
        -- Load it into an empty database (psql -v ON_ERROR_STOP=1 -1 -f init-db.sql), or let the
        -- gateway migrate the database itself when it starts: both give the same schema.
        """);
    int last = 0;
    for (Path migration : migrations) {
      last = version(migration);
      out.append("\n-- ==== ").append(migration.getFileName()).append(" ====\n\n");
      out.append(Files.readString(migration).stripTrailing()).append('\n');
    }
    out.append(
        """

        -- ==== end of the migrations ====

        -- Tells the gateway's Flyway that this database is migrated up to here (it then records a
        -- baseline at this version instead of running the migrations again).
        COMMENT ON TABLE audit_head IS 'ATLAS-GATE schema version %d, loaded from deploy/init-db.sql';
        """
            .formatted(last));
    return out.toString();
  }

  private static int version(Path migration) {
    Matcher matcher = VERSIONED.matcher(migration.getFileName().toString());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a versioned migration: " + migration);
    }
    return Integer.parseInt(matcher.group(1));
  }
}
