package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.workspace.StagedFile;
import dev.atlasgate.workspace.StagingId;
import dev.atlasgate.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Roll forward at start: the staged file is a write's data and its {@code ok} entry the commit
 * record. Every staging file this instance left is completed, in seq order, when the last entry
 * that names its staging id says {@code ok} and no later {@code ok} write to the same path
 * followed; every other one is removed.
 *
 * <p>A staging id starts with a digest of the instance's name, so that an instance recovers only
 * what it staged, also on a workspace volume that several instances share. The roots to search and
 * the seq to read the log from come from the {@link StagingJournal}.
 */
public final class WriteRecovery {
  /** The member of a write entry's {@code args.content} that names its staging file. */
  public static final String STAGING_ID = "staging_id";

  private static final int PREFIX_LENGTH = 12;

  private final AuditLog audit;
  private final WriteSetup writes;
  private final Set<Path> protectedPaths;
  private final String prefix;

  WriteRecovery(AuditLog audit, WriteSetup writes, Set<Path> protectedPaths, String instance) {
    this.audit = requireNonNull(audit, "audit is null");
    this.writes = requireNonNull(writes, "writes is null");
    this.protectedPaths = requireNonNull(protectedPaths, "protectedPaths is null");
    this.prefix = prefix(instance);
  }

  /** What a start did: writes completed, staging files removed, the log read from a seq on. */
  public record Report(int completed, int removed, long readFrom) {}

  /** A new staging id of {@code instance}'s writes. */
  static StagingId newStagingId(String instance) {
    return new StagingId(prefix(instance) + UUID.randomUUID().toString().replace("-", ""));
  }

  private static String prefix(String instance) {
    return Sha256.hex(instance).substring(0, PREFIX_LENGTH);
  }

  /** Completes or removes every staged write of this instance. */
  Report run() {
    long head = audit.head().seq();
    long from = writes.journal().recoveredTo() + 1;
    List<Staged> staged = stagedFiles();
    int completed = 0;
    if (!staged.isEmpty()) {
      Outcomes outcomes = Outcomes.read(audit, from);
      staged.sort(Comparator.comparingLong(s -> outcomes.seqOf(s.file().id()).orElse(0L)));
      for (Staged s : staged) {
        writes.crashPoints().reached(CrashPoints.Point.RECOVERING);
        completed += settle(s, outcomes) ? 1 : 0;
      }
    }
    writes.journal().recoveredTo(head);
    return new Report(completed, staged.size() - completed, from);
  }

  /** Completes {@code s} when its entry says so and nothing later replaced it; else removes it. */
  private boolean settle(Staged s, Outcomes outcomes) {
    Optional<Outcomes.Write> write = outcomes.of(s.file().id());
    try (PathLocks.Held held = writes.locks().lock(s.workspace().root(), s.file().targetPath())) {
      boolean complete = write.filter(w -> w.ok() && outcomes.isLatest(w)).isPresent();
      if (complete && audit.head().seq() > outcomes.readTo()) {
        // Another instance may have written the path since the log was read.
        complete = Outcomes.read(audit, outcomes.readTo() + 1).isLatestAfter(write.get());
      }
      if (complete) {
        s.workspace().rollForward(s.file());
      } else {
        s.workspace().discard(s.file());
      }
      return complete;
    }
  }

  private List<Staged> stagedFiles() {
    List<Staged> found = new ArrayList<>();
    for (Path root : writes.journal().roots()) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      Workspace workspace = Workspace.open(root, protectedPaths);
      try (Stream<StagedFile> files = workspace.stagedFiles()) {
        files
            .filter(f -> f.id().value().startsWith(prefix))
            .forEach(f -> found.add(new Staged(workspace, f)));
      }
    }
    return found;
  }

  private record Staged(Workspace workspace, StagedFile file) {}

  /** The write entries of a stretch of the log: by staging id, and the latest ok one per path. */
  private static final class Outcomes {
    record Write(long seq, boolean ok, String pathKey) {}

    private final Map<String, Write> byStagingId = new HashMap<>();
    private final Map<String, Long> latestOk = new HashMap<>();
    private long readTo;

    static Outcomes read(AuditLog audit, long from) {
      Outcomes outcomes = new Outcomes();
      outcomes.readTo = from - 1;
      try (Stream<StoredEntry> entries = audit.entries(from)) {
        entries
            .filter(e -> e instanceof StoredEntry.Readable)
            .map(e -> ((StoredEntry.Readable) e).json())
            .forEach(outcomes::add);
      }
      return outcomes;
    }

    private void add(JsonObject entry) {
      long seq = seq(entry);
      readTo = Math.max(readTo, seq);
      if (!entry.string("tool").filter("write_file"::equals).isPresent()) {
        return;
      }
      JsonObject args = entry.object("args").orElse(JsonObject.EMPTY);
      boolean ok = entry.string("result").filter("ok"::equals).isPresent();
      String pathKey =
          entry.string("workspace_root").orElse("") + "\0" + normal(args.string("path").orElse(""));
      Write write = new Write(seq, ok, pathKey);
      args.object("content")
          .flatMap(c -> c.string(STAGING_ID))
          .ifPresent(id -> byStagingId.put(id, write));
      if (ok) {
        latestOk.put(pathKey, seq);
      }
    }

    Optional<Write> of(StagingId id) {
      return Optional.ofNullable(byStagingId.get(id.value()));
    }

    Optional<Long> seqOf(StagingId id) {
      return of(id).map(Write::seq);
    }

    boolean isLatest(Write write) {
      return latestOk.getOrDefault(write.pathKey(), 0L) == write.seq();
    }

    /** Whether no ok write to the path of {@code write} is in this (later) stretch. */
    boolean isLatestAfter(Write write) {
      return !latestOk.containsKey(write.pathKey());
    }

    long readTo() {
      return readTo;
    }

    private static long seq(JsonObject entry) {
      return entry
          .get("seq")
          .filter(n -> n instanceof JsonNumber)
          .map(n -> ((JsonNumber) n).value().longValue())
          .orElse(0L);
    }

    private static String normal(String path) {
      return String.join(
          "/", Stream.of(path.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList());
    }
  }
}
