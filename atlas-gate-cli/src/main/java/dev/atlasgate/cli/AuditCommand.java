package dev.atlasgate.cli;

import dev.atlasgate.audit.AuditExport;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditQuery;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.Settings;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
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
    description = "Verifies, exports and tails the audit log.",
    subcommands = {
      AuditProveCommand.class,
      AuditMonitorCommand.class,
      AuditCheckpointCommand.class
    })
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
          String head,
      @Option(
              names = "--checkpoint",
              paramLabel = "FILE",
              description = "A signed checkpoint to verify the log against (repeatable).")
          List<Path> checkpoints,
      @Option(
              names = "--key",
              paramLabel = "PUBKEY",
              description = "The checkpoints' verifier key, or a file holding it (checkpoint.pub).")
          String key) {
    if (checkpoints != null && !checkpoints.isEmpty()) {
      try (Stream<StoredEntry> entries = entries(source, 1)) {
        return CheckpointVerify.run(spec.commandLine(), entries, checkpoints, key, json);
      }
    }
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
    try {
      Wiring.checkExportTarget(to);
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
          wiring.storeExport(
              to, name, chosen.mediaType(), out -> AuditExport.write(entries, query, chosen, out));
      spec.commandLine().getOut().println("exported to " + stored);
    }
    return 0;
  }

  private static Settings settings(Source source) {
    return settings(source.config);
  }

  static Settings settings(ConfigOptions config) {
    return SettingsLoader.load(
        System.getenv(), config.asVariables(), Path.of(System.getProperty("user.home")));
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the last entries, one line each: seq, time, principal/role, tool, path or plan,"
            + " result.",
        "With --follow, then prints each new entry as it is appended, until stopped."
      })
  int tail(
      @Mixin Source source,
      @Option(
              names = {"-n", "--lines"},
              defaultValue = "20",
              description = "How many of the last entries (default 20).")
          int lines,
      @Option(names = "--json", description = "Print the entries as stored, one JSON per line.")
          boolean json,
      @Option(
              names = {"-f", "--follow"},
              description = "Keep printing new entries (polls the log) until interrupted.")
          boolean follow,
      @Option(
              names = "--poll-ms",
              defaultValue = "1000",
              paramLabel = "MS",
              description = "With --follow, how often to look for new entries (default 1000).")
          long pollMs) {
    PrintWriter out = spec.commandLine().getOut();
    Consumer<StoredEntry> print =
        e ->
            out.println(
                json && e instanceof StoredEntry.Readable r ? r.json().write() : AuditLine.of(e));
    try (Tail log = Tail.open(source)) {
      long next = printLast(log, lines, print);
      return follow ? follow(log, next, pollMs, print) : 0;
    }
  }

  /** Prints the last {@code lines} entries; answers the seq after the last one in the log. */
  private static long printLast(Tail log, int lines, Consumer<StoredEntry> print) {
    Deque<StoredEntry> last = new ArrayDeque<>();
    long next = 1;
    try (Stream<StoredEntry> entries = log.from(1)) {
      for (StoredEntry e : (Iterable<StoredEntry>) entries::iterator) {
        last.addLast(e);
        if (last.size() > lines) {
          last.removeFirst();
        }
        next = Math.max(next, seqOf(e) + 1);
      }
    }
    last.forEach(print);
    return next;
  }

  /**
   * Prints each entry from seq {@code next} on as it is appended, looking every {@code pollMs},
   * until the thread is interrupted (the process ends).
   */
  private static int follow(Tail log, long next, long pollMs, Consumer<StoredEntry> print) {
    long from = next;
    while (true) {
      try {
        Thread.sleep(Math.max(10, pollMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
      try (Stream<StoredEntry> entries = log.from(from)) {
        for (StoredEntry e : (Iterable<StoredEntry>) entries::iterator) {
          if (seqOf(e) >= from) {
            print.accept(e);
            from = seqOf(e) + 1;
          }
        }
      }
    }
  }

  private static long seqOf(StoredEntry entry) {
    return entry instanceof StoredEntry.Readable r ? AuditLine.seq(r.json()).orElse(0L) : 0L;
  }

  /** The log that {@code audit tail} reads, kept open while it follows. */
  private record Tail(Source source, Optional<Wiring> wiring) implements AutoCloseable {
    static Tail open(Source source) {
      return new Tail(
          source,
          source.file != null
              ? Optional.empty()
              : Optional.of(Wiring.open(source.config.settings())));
    }

    Stream<StoredEntry> from(long seq) {
      return wiring.isPresent() ? wiring.get().audit().entries(seq) : entries(source, seq);
    }

    @Override
    public void close() {
      wiring.ifPresent(Wiring::close);
    }
  }

  /** The entries of the export file given, read offline, or of the configured log. */
  static Stream<StoredEntry> entries(Source source, long fromSeq) {
    if (source.file != null) {
      if (!Files.isRegularFile(source.file)) {
        throw new java.io.UncheckedIOException(
            new java.io.FileNotFoundException(
                "--file "
                    + source.file
                    + (Files.exists(source.file) ? " is not a file" : " does not exist")));
      }
      return Wiring.readAuditFile(source.file).filter(e -> fromSeq <= 1 || atOrAfter(e, fromSeq));
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
    try {
      return new AuditHead(Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--head must be SEQ:HASH (a whole number, ':', 64 hex digits), not \"" + value + "\"");
    }
  }
}
