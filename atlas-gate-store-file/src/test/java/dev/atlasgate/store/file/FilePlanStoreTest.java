package dev.atlasgate.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.testing.PlanStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FilePlanStoreTest extends PlanStoreContract {
  @Override
  protected PlanStore newStore() {
    return FilePlanStore.create();
  }

  @Test
  void files_areUnderTheWorkspace_namedByHash() throws Exception {
    Plan plan = plan(1);
    store().save(workspace, plan, "planner", T0);
    Path dir = workspace.resolve(".atlas-gate/plans");
    assertThat(Files.readString(dir.resolve(plan.hash() + ".json")))
        .isEqualTo(plan.document().canonical());
    assertThat(Json.parse(Files.readString(dir.resolve(plan.hash() + ".status.json"))).write())
        .contains("\"status\":\"DRAFT\"")
        .contains("\"author\":\"planner\"");
  }

  @Test
  void anotherInstance_seesTheApproval() {
    Plan plan = plan(1);
    store().save(workspace, plan, "planner", T0);
    try (PlanStore cli = FilePlanStore.create()) {
      cli.approve(workspace, plan.hash(), "carol", T0.plusSeconds(1));
    }
    assertThat(store().find(workspace, plan.hash()).map(StoredPlan::status))
        .contains(PlanStatus.APPROVED);
  }

  @Test
  void editedPlanFile_isDetectedAsCorrupt() throws Exception {
    Plan plan = plan(1);
    store().save(workspace, plan, "planner", T0);
    Path file = workspace.resolve(".atlas-gate/plans/" + plan.hash() + ".json");
    Files.writeString(file, Files.readString(file).replace("src/api/**", "**"));
    assertThatThrownBy(() -> store().find(workspace, plan.hash()))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("does not hash to its name");
  }
}
