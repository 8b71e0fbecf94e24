package dev.atlasgate.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.JsonObject;

/** Calls through a wiring's gateway, as a transport would. */
final class TestCalls {
  private TestCalls() {}

  /** Calls a tool the gateway does not know: refused, and the refusal is one audit entry. */
  static void refused(Wiring wiring) {
    ToolResult result =
        wiring
            .gateway()
            .call(
                new CallContext(Principal.trusted("tester"), SessionBinding.inMemory()),
                "no_such_tool",
                JsonObject.EMPTY);
    assertThat(result).isInstanceOf(ToolResult.UnknownTool.class);
  }
}
