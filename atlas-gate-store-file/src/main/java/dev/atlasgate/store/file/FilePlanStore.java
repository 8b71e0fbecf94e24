package dev.atlasgate.store.file;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Plans under their workspace, in {@code .atlas-gate/plans/}: {@code <hash>.json} holds the plan's
 * canonical JSON (its name is its hash, checked on every read) and {@code <hash>.status.json} its
 * status and history. Every file is written atomically; status changes hold an exclusive lock on
 * {@code .lock} there, so a CLI approving and a gateway reading in other processes see one
 * consistent state.
 */
public final class FilePlanStore implements PlanStore {
  static final String DIRECTORY = ".atlas-gate/plans";
  private final ReentrantLock lock = new ReentrantLock();

  private FilePlanStore() {}

  public static FilePlanStore create() {
    return new FilePlanStore();
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
    Path dir = workspace.resolve(DIRECTORY);
    try {
      return read(dir, hash);
    } catch (IOException e) {
      throw failure("read plan " + hash, e);
    }
  }

  @Override
  public List<StoredPlan> list(Path workspace, Optional<PlanStatus> status) {
    Path dir = workspace.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StoredPlan> plans = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") && !name.endsWith(".status.json")) {
          PlanHash.parse(name.substring(0, name.length() - 5))
              .flatMap(h -> readQuietly(dir, h))
              .filter(p -> status.map(s -> p.status() == s).orElse(true))
              .ifPresent(plans::add);
        }
      }
    } catch (IOException e) {
      throw failure("list plans", e);
    }
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
              PlanTransitions.approve(workspace, hash, read(dir, hash), approver, at);
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
          StoredPlan revoked = PlanTransitions.revoke(workspace, hash, read(dir, hash), actor, at);
          writeStatus(dir, revoked);
          return revoked;
        });
  }

  /** Runs {@code action} under the in-process lock and the workspace's file lock. */
  private StoredPlan locked(Path workspace, String what, IoFunction<Path, StoredPlan> action) {
    Path dir = workspace.resolve(DIRECTORY);
    lock.lock();
    try {
      Files.createDirectories(dir);
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
      throw corrupt(planFile, e.getMessage());
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
