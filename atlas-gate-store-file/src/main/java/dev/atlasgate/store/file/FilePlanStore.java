package dev.atlasgate.store.file;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.PlanTransitions;
import dev.atlasgate.plan.StatusChange;
import dev.atlasgate.plan.StoredPlan;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans in the gateway's own state, never under a workspace: {@code <state>/<key>/}, where the key
 * is the SHA-256 of the workspace root's real path and the file {@code workspace} there names that
 * root. {@code <hash>.json} holds the plan's canonical JSON (its name is its hash, checked on every
 * read) and {@code <hash>.status.json} its status and history. Every file is written atomically;
 * status changes hold an exclusive lock on {@code .lock} there, so a CLI approving and a gateway
 * reading in other processes see one consistent state.
 *
 * <p>Older versions kept plans under the workspace, in {@code .atlas-gate/plans/}, where an agent
 * that can write files could write an approval too. A plan found there is read as a DRAFT, whatever
 * its status file says; an operator who approves (or revokes) its hash imports it here first.
 */
public final class FilePlanStore implements PlanStore {
  static final String LEGACY_DIRECTORY = ".atlas-gate/plans";
  static final String WORKSPACE_FILE = "workspace";

  /** The author recorded for a plan imported from the old place, whose own record is untrusted. */
  static final String LEGACY_AUTHOR = "imported-from-workspace";

  private static final Logger LOG = LoggerFactory.getLogger(FilePlanStore.class);
  private static final int MAX_WARNED = 1024;

  /** A file under a workspace is an agent's to write: none larger than this is read as a plan. */
  private static final long MAX_LEGACY_BYTES = 1024 * 1024;

  private final Path state;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private FilePlanStore(Path state) {
    this.state = state;
  }

  /** A store keeping its plans under {@code state} ({@code $ATLAS_HOME/plans}). */
  public static FilePlanStore create(Path state) {
    return new FilePlanStore(requireNonNull(state, "state is null").toAbsolutePath());
  }

  /** Where the plans of {@code workspace} are kept. */
  Path directory(Path workspace) {
    return state.resolve(Sha256.hex(workspace.toString()));
  }

  @Override
  public StoredPlan save(Path workspace, Plan plan, String author, Instant now) {
    return locked(
        workspace,
        "save plan " + plan.hash(),
        dir -> {
          Optional<StoredPlan> existing = read(dir, plan.hash());
          if (existing.isPresent()) {
            return existing.get();
          }
          StoredPlan stored = StoredPlan.draft(plan, author, now);
          AtomicFiles.write(dir.resolve(plan.hash() + ".json"), plan.document().canonical());
          writeStatus(dir, stored);
          return stored;
        });
  }

  @Override
  public Optional<StoredPlan> find(Path workspace, PlanHash hash) {
    try {
      Optional<StoredPlan> kept = read(directory(workspace), hash);
      return kept.isPresent() ? kept : legacy(workspace, hash);
    } catch (IOException e) {
      throw failure("read plan " + hash, e);
    }
  }

  /** Every workspace with plans here: each plan directory names its root in a file. */
  @Override
  public Optional<Set<Path>> workspaces() {
    if (!Files.isDirectory(state)) {
      return Optional.of(Set.of());
    }
    Set<Path> roots = new java.util.TreeSet<>();
    try (Stream<Path> dirs = Files.list(state)) {
      for (Path named : dirs.map(dir -> dir.resolve(WORKSPACE_FILE)).toList()) {
        if (Files.isRegularFile(named)) {
          roots.add(Path.of(Files.readString(named).strip()));
        }
      }
    } catch (IOException e) {
      throw failure("list the workspaces with plans", e);
    }
    return Optional.of(Set.copyOf(roots));
  }

  @Override
  public List<StoredPlan> list(Path workspace, Optional<PlanStatus> status) {
    Path dir = directory(workspace);
    Map<PlanHash, StoredPlan> plans = new LinkedHashMap<>();
    for (PlanHash hash : hashes(dir)) {
      readQuietly(dir, hash).ifPresent(p -> plans.put(hash, p));
    }
    for (PlanHash hash : legacyHashes(workspace)) {
      if (!plans.containsKey(hash)) {
        legacyQuietly(workspace, hash).ifPresent(p -> plans.put(hash, p));
      }
    }
    return sorted(
        plans.values().stream().filter(p -> status.map(s -> p.status() == s).orElse(true)));
  }

  /** The plans kept under the workspace by older versions; none when they cannot be listed. */
  private static List<PlanHash> legacyHashes(Path workspace) {
    try {
      return hashes(workspace.resolve(LEGACY_DIRECTORY));
    } catch (GateException e) {
      return List.of();
    }
  }

  /** The hashes of the plan documents in {@code dir}, none when it does not exist. */
  private static List<PlanHash> hashes(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<PlanHash> hashes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") && !name.endsWith(".status.json")) {
          PlanHash.parse(name.substring(0, name.length() - 5)).ifPresent(hashes::add);
        }
      }
    } catch (IOException e) {
      throw failure("list plans", e);
    }
    return hashes;
  }

  private static List<StoredPlan> sorted(Stream<StoredPlan> stream) {
    List<StoredPlan> plans = new ArrayList<>(stream.toList());
    plans.sort(
        Comparator.comparing(StoredPlan::createdAt)
            .reversed()
            .thenComparing(p -> p.hash().value()));
    return plans;
  }

  @Override
  public StoredPlan approve(Path workspace, PlanHash hash, String approver, Instant at) {
    return locked(
        workspace,
        "approve plan " + hash,
        dir -> {
          StoredPlan approved =
              PlanTransitions.approve(workspace, hash, current(dir, workspace, hash), approver, at);
          writeStatus(dir, approved);
          return approved;
        });
  }

  @Override
  public StoredPlan revoke(Path workspace, PlanHash hash, String actor, Instant at) {
    return locked(
        workspace,
        "revoke plan " + hash,
        dir -> {
          StoredPlan revoked =
              PlanTransitions.revoke(workspace, hash, current(dir, workspace, hash), actor, at);
          writeStatus(dir, revoked);
          return revoked;
        });
  }

  /**
   * The plan as kept here; else one in the old place under the workspace, imported as a DRAFT: only
   * an operator's approve or revoke comes here, so importing is the operator's act.
   */
  private Optional<StoredPlan> current(Path dir, Path workspace, PlanHash hash) throws IOException {
    Optional<StoredPlan> kept = read(dir, hash);
    if (kept.isPresent()) {
      return kept;
    }
    Optional<StoredPlan> old = legacy(workspace, hash);
    if (old.isPresent()) {
      AtomicFiles.write(dir.resolve(hash + ".json"), old.get().plan().document().canonical());
      writeStatus(dir, old.get());
    }
    return old;
  }

  /**
   * A plan kept by an older version under the workspace, as a DRAFT whatever its status file there
   * says; empty when there is none or its content does not hash to its name.
   */
  private Optional<StoredPlan> legacy(Path workspace, PlanHash hash) throws IOException {
    Path file = workspace.resolve(LEGACY_DIRECTORY).resolve(hash + ".json");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        || Files.size(file) > MAX_LEGACY_BYTES) {
      return Optional.empty();
    }
    Plan plan;
    try {
      JsonObject document = (JsonObject) Json.parse(Files.readString(file));
      if (!PlanHash.of(document).equals(hash)) {
        return Optional.empty();
      }
      plan = Plan.parse(document);
    } catch (JsonException | ClassCastException | IllegalArgumentException | GateException e) {
      return Optional.empty();
    }
    warnOnce(workspace, hash);
    Instant created = Files.getLastModifiedTime(file).toInstant();
    return Optional.of(StoredPlan.draft(plan, LEGACY_AUTHOR, created));
  }

  private Optional<StoredPlan> legacyQuietly(Path workspace, PlanHash hash) {
    try {
      return legacy(workspace, hash);
    } catch (IOException e) {
      throw failure("read plan " + hash, e);
    }
  }

  private void warnOnce(Path workspace, PlanHash hash) {
    if (warned.size() < MAX_WARNED && warned.add(workspace + " " + hash)) {
      LOG.warn(
          "plan {} was found under workspace {} in {}, where older versions kept plans; its"
              + " status there is not trusted and it counts as DRAFT: to use it, an operator"
              + " approves it again with: atlas-gate plan approve {} --workspace {}",
          hash,
          workspace,
          LEGACY_DIRECTORY,
          hash,
          workspace);
    }
  }

  /** Runs {@code action} under the in-process lock and the workspace's file lock. */
  private StoredPlan locked(Path workspace, String what, IoFunction<Path, StoredPlan> action) {
    Path dir = directory(workspace);
    lock.lock();
    try {
      createPrivately(dir);
      Path named = dir.resolve(WORKSPACE_FILE);
      if (!Files.exists(named)) {
        AtomicFiles.write(named, workspace.toString());
      }
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.apply(dir);
      }
    } catch (IOException e) {
      throw failure(what, e);
    } finally {
      lock.unlock();
    }
  }

  /** Creates {@code dir} and its missing parents readable and writable by their owner only. */
  private static void createPrivately(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private Optional<StoredPlan> readQuietly(Path dir, PlanHash hash) {
    try {
      return read(dir, hash);
    } catch (IOException e) {
      throw failure("read plan " + hash, e);
    }
  }

  private static Optional<StoredPlan> read(Path dir, PlanHash hash) throws IOException {
    Path planFile = dir.resolve(hash + ".json");
    Path statusFile = dir.resolve(hash + ".status.json");
    if (!Files.isRegularFile(planFile) || !Files.isRegularFile(statusFile)) {
      return Optional.empty();
    }
    try {
      JsonObject document = (JsonObject) Json.parse(Files.readString(planFile));
      if (!PlanHash.of(document).equals(hash)) {
        throw corrupt(planFile, "its content does not hash to its name");
      }
      return Optional.of(
          status(
              hash, Plan.parse(document), (JsonObject) Json.parse(Files.readString(statusFile))));
    } catch (JsonException | ClassCastException | IllegalArgumentException e) {
      throw corrupt(planFile, requireNonNullElse(e.getMessage(), e.toString()));
    } catch (GateException e) {
      if (e.code() == ErrorCode.INTERNAL_ERROR) {
        throw e;
      }
      throw corrupt(planFile, e.getMessage());
    }
  }

  private static StoredPlan status(PlanHash hash, Plan plan, JsonObject status) {
    List<StatusChange> history = new ArrayList<>();
    for (Json change : ((JsonArray) status.get("history").orElseThrow()).elements()) {
      JsonObject c = (JsonObject) change;
      history.add(
          new StatusChange(
              PlanStatus.valueOf(c.string("status").orElseThrow()),
              c.string("actor").orElseThrow(),
              Instant.parse(c.string("at").orElseThrow())));
    }
    Function<String, Optional<Instant>> instant = name -> status.string(name).map(Instant::parse);
    return new StoredPlan(
        hash,
        plan,
        PlanStatus.valueOf(status.string("status").orElseThrow()),
        Instant.parse(status.string("created_at").orElseThrow()),
        status.string("approved_by"),
        instant.apply("approved_at"),
        status.string("revoked_by"),
        instant.apply("revoked_at"),
        history);
  }

  private static void writeStatus(Path dir, StoredPlan plan) throws IOException {
    JsonArray history =
        new JsonArray(
            plan.history().stream()
                .map(
                    c ->
                        (Json)
                            JsonObject.builder()
                                .put("status", c.status().name())
                                .put("actor", c.actor())
                                .put("at", c.at().toString())
                                .build())
                .toList());
    JsonObject status =
        JsonObject.builder()
            .put("status", plan.status().name())
            .put("created_at", plan.createdAt().toString())
            .put("author", plan.history().getFirst().actor())
            .putOrNull("approved_by", plan.approvedBy())
            .putOrNull("approved_at", plan.approvedAt().map(Instant::toString))
            .putOrNull("revoked_by", plan.revokedBy())
            .putOrNull("revoked_at", plan.revokedAt().map(Instant::toString))
            .put("history", history)
            .build();
    AtomicFiles.write(dir.resolve(plan.hash() + ".status.json"), status.write());
  }

  private static GateException corrupt(Path file, String why) {
    return new GateException(ErrorCode.INTERNAL_ERROR, "plan file " + file + " is corrupt: " + why);
  }

  private static GateException failure(String what, IOException e) {
    return new GateException(ErrorCode.INTERNAL_ERROR, "cannot " + what + ": " + e.getMessage(), e);
  }

  /** A function that may fail with an I/O error. */
  @FunctionalInterface
  private interface IoFunction<T, R> {
    R apply(T t) throws IOException;
  }
}
