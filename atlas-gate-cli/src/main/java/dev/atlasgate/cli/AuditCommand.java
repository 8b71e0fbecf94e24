package dev.atlasgate.cli;

import dev.atlasgate.audit.AuditExport;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditQuery;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.server.Wiring;
import dev.atlasgate.server.config.Settings;
import dev.atlasgate.server.config.SettingsLoader;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.s3.S3Export;
import dev.atlasgate.store.s3.S3Location;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-gate audit}: verify, export and tail the audit chain. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Verifies, exports and tails the audit log.")
final class AuditCommand {
  @Spec CommandSpec spec;

  /** The options every audit subcommand takes: which log to read. */
  static final class Source {
    @Mixin ConfigOptions config;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "Read this JSONL file (an export, offline) instead of the configured log.")
    Path file;
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Recomputes the chain. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
  int verify(
      @Mixin Source source,
      @Option(names = "--json", description = "Print the result as JSON.") boolean json,
      @Option(
              names = "--head",
              paramLabel = "SEQ:HASH",
              description = "The head remembered from an earlier run, to detect a cut-off tail.")
          String head) {
    Optional<AuditHead> expected = Optional.ofNullable(head).map(AuditCommand::parseHead);
    Verification result;
    try (Stream<StoredEntry> entries = entries(source, 1)) {
      result = ChainVerifier.verify(entries, expected);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(result.toJson().write());
    } else if (result.valid()) {
      out.printf(
          "valid: %d entries, head seq %d hash %s%n",
          result.entriesChecked(), result.headSeq(), result.headHash());
    } else {
      out.printf(
          "INVALID: first_invalid_seq %d, reason %s%s%n",
          result.firstInvalidSeq().orElse(0L),
          result.reason().orElse("?"),
          result.detail().map(d -> " (" + d + ")").orElse(""));
    }
    return result.valid() ? 0 : 1;
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Writes entries to stdout as JSONL, JSON or CSV,",
        "or with --to s3://bucket/prefix stores them as one S3 object (AWS_REGION,"
            + " AWS_ENDPOINT_URL and the AWS credential chain apply)."
      })
  int export(
      @Mixin Source source,
      @Option(
              names = "--to",
              paramLabel = "s3://BUCKET/PREFIX",
              description = "Store the export in S3 instead of printing it.")
          String to,
      @Option(names = "--format", defaultValue = "jsonl", description = "jsonl, json or csv.")
          String format,
      @Option(names = "--from-seq", defaultValue = "1") long fromSeq,
      @Option(names = "--to-seq", defaultValue = "" + Long.MAX_VALUE) long toSeq,
      @Option(names = "--session-id") String sessionId,
      @Option(names = "--tool") String tool)
      throws IOException {
    AuditQuery query =
        new AuditQuery(
            fromSeq,
            toSeq,
            Optional.ofNullable(sessionId),
            Optional.ofNullable(tool),
            Integer.MAX_VALUE);
    AuditExport.Format chosen = AuditExport.Format.parse(format);
    if (to == null) {
      try (Stream<StoredEntry> entries = entries(source, fromSeq)) {
        AuditExport.write(entries, query, chosen, spec.commandLine().getOut());
      }
      return 0;
    }
    S3Location target;
    try {
      target = S3Location.parse(to);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("atlas-gate audit export: --to " + e.getMessage());
      return 2;
    }
    String name =
        "atlas-gate-audit-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now())
            + "-"
            + fromSeq
            + "."
            + chosen.name().toLowerCase(Locale.ROOT);
    try (Wiring wiring = Wiring.open(settings(source));
        Stream<StoredEntry> entries = entries(source, fromSeq)) {
      String stored =
          S3Export.store(
              wiring.s3Client(),
              target,
              name,
              chosen.mediaType(),
              out -> AuditExport.write(entries, query, chosen, out));
      spec.commandLine().getOut().println("exported to " + stored);
    }
    return 0;
  }

  private static Settings settings(Source source) {
    return SettingsLoader.load(
        System.getenv(), source.config.asVariables(), Path.of(System.getProperty("user.home")));
  }

  @Command(name = "tail", mixinStandardHelpOptions = true, description = "Prints the last entries.")
  int tail(
      @Mixin Source source,
      @Option(
              names = {"-n", "--lines"},
              defaultValue = "20")
          int lines) {
    Deque<String> last = new ArrayDeque<>();
    try (Stream<StoredEntry> entries = entries(source, 1)) {
      entries.forEach(
          e -> {
            last.addLast(
                switch (e) {
                  case StoredEntry.Readable r -> r.json().write();
                  case StoredEntry.Unreadable u ->
                      "# unreadable entry at " + u.position() + ": " + u.reason();
                });
            if (last.size() > lines) {
              last.removeFirst();
            }
          });
    }
    last.forEach(spec.commandLine().getOut()::println);
    return 0;
  }

  /** The entries of the export file given, read offline, or of the configured log. */
  private static Stream<StoredEntry> entries(Source source, long fromSeq) {
    if (source.file != null) {
      if (!Files.isRegularFile(source.file)) {
        throw new java.io.UncheckedIOException(
            new java.io.FileNotFoundException("audit file " + source.file + " does not exist"));
      }
      return FileAuditLog.read(source.file).filter(e -> fromSeq <= 1 || atOrAfter(e, fromSeq));
    }
    Wiring wiring = Wiring.open(settings(source));
    try {
      return wiring.audit().entries(fromSeq).onClose(wiring::close);
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
  }

  private static boolean atOrAfter(StoredEntry entry, long fromSeq) {
    return !(entry instanceof StoredEntry.Readable r)
        || r.json()
            .get("seq")
            .map(j -> ((dev.atlasgate.json.JsonNumber) j).value().longValue() >= fromSeq)
            .orElse(true);
  }

  private static AuditHead parseHead(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--head must be SEQ:HASH");
    }
    return new AuditHead(Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
  }
}
