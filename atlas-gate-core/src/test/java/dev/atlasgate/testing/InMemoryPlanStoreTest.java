package dev.atlasgate.testing;

import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.plan.PlanStore;

class InMemoryPlanStoreTest extends PlanStoreContract {
  @Override
  protected PlanStore newStore() {
    return new InMemoryPlanStore();
  }
}
