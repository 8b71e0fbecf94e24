package dev.atlasgate.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.testing.PlanStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FilePlanStoreTest extends PlanStoreContract {
  private Path state() {
    return temp.resolve("state/plans");
  }

  @Override
  protected PlanStore newStore() {
    return FilePlanStore.create(state());
  }

  private Path directory() {
    return ((FilePlanStore) store()).directory(workspace);
  }

  @Test
  void files_areInTheGatewayState_namedByHash_andNothingUnderTheWorkspace() throws Exception {
    Plan plan = plan(1);
    store().save(workspace, plan, "planner", T0);
    store().approve(workspace, plan.hash(), "carol", T0.plusSeconds(1));
    Path dir = directory();
    assertThat(dir).startsWith(state());
    assertThat(Files.readString(dir.resolve(plan.hash() + ".json")))
        .isEqualTo(plan.document().canonical());
    assertThat(Json.parse(Files.readString(dir.resolve(plan.hash() + ".status.json"))).write())
        .contains("\"status\":\"APPROVED\"")
        .contains("\"author\":\"planner\"");
    assertThat(dir.resolve(FilePlanStore.WORKSPACE_FILE)).hasContent(workspace.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.walk(workspace)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anotherInstance_seesTheApproval() {
    Plan plan = plan(1);
    store().save(workspace, plan, "planner", T0);
    try (PlanStore cli = FilePlanStore.create(state())) {
      cli.approve(workspace, plan.hash(), "carol", T0.plusSeconds(1));
    }
    assertThat(store().find(workspace, plan.hash()).map(StoredPlan::status))
        .contains(PlanStatus.APPROVED);
  }

  @Test
  void editedPlanFile_isDetectedAsCorrupt() throws Exception {
    Plan plan = plan(1);
    store().save(workspace, plan, "planner", T0);
    Path file = directory().resolve(plan.hash() + ".json");
    Files.writeString(file, Files.readString(file).replace("src/api/**", "**"));
    assertThatThrownBy(() -> store().find(workspace, plan.hash()))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("does not hash to its name");
  }

  /** A plan and an APPROVED status where older versions kept them, under the workspace. */
  private Plan plantLegacy(Path root, Plan plan, String planText) throws Exception {
    Path old = Files.createDirectories(root.resolve(FilePlanStore.LEGACY_DIRECTORY));
    Files.writeString(old.resolve(plan.hash() + ".json"), planText);
    Files.writeString(
        old.resolve(plan.hash() + ".status.json"),
        """
        {"status": "APPROVED", "created_at": "2026-01-01T00:00:00Z", "author": "planner",
         "approved_by": "operator", "approved_at": "2026-01-01T00:00:01Z",
         "history": [{"status": "APPROVED", "actor": "operator", "at": "2026-01-01T00:00:01Z"}]}
        """);
    return plan;
  }

  @Test
  void planInTheOldPlace_isADraftWhateverItsStatusFileSays() throws Exception {
    Plan plan = plantLegacy(workspace, plan(1), plan(1).document().canonical());

    StoredPlan found = store().find(workspace, plan.hash()).orElseThrow();
    assertThat(found.status()).isEqualTo(PlanStatus.DRAFT);
    assertThat(found.history().getFirst().actor()).isEqualTo(FilePlanStore.LEGACY_AUTHOR);
    assertThat(store().list(workspace, Optional.of(PlanStatus.APPROVED))).isEmpty();
    assertThat(store().list(workspace, Optional.empty()))
        .extracting(StoredPlan::hash)
        .containsExactly(plan.hash());
  }

  @Test
  void planInTheOldPlace_isLoggedOnce_withTheCommandThatApprovesIt() throws Exception {
    Plan plan = plantLegacy(workspace, plan(1), plan(1).document().canonical());
    ListAppender<ILoggingEvent> records = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(FilePlanStore.class);
    logger.addAppender(records);
    records.start();
    try {
      store().find(workspace, plan.hash());
      store().find(workspace, plan.hash());
    } finally {
      logger.detachAppender(records);
    }
    assertThat(records.list).hasSize(1);
    assertThat(records.list.getFirst().getFormattedMessage())
        .contains(
            "not trusted", "atlas-gate plan approve " + plan.hash() + " --workspace " + workspace);
  }

  @Test
  void planInTheOldPlace_isImportedWhenTheOperatorApprovesIt() throws Exception {
    Plan plan = plantLegacy(workspace, plan(1), plan(1).document().canonical());

    store().approve(workspace, plan.hash(), "carol", T0);

    assertThat(directory().resolve(plan.hash() + ".json")).exists();
    StoredPlan approved = store().find(workspace, plan.hash()).orElseThrow();
    assertThat(approved.status()).isEqualTo(PlanStatus.APPROVED);
    assertThat(approved.approvedBy()).contains("carol");
  }

  @Test
  void planInTheOldPlaceThatDoesNotHashToItsName_isIgnored() throws Exception {
    Plan plan = plantLegacy(workspace, plan(1), plan(2).document().canonical());

    assertThat(store().find(workspace, plan.hash())).isEmpty();
  }
}
