package dev.atlasgate.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.gateway.CallObserver;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.file.FilePlanStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the composition root reports to its instrumentation (the HTTP server's metrics), and that
 * without one (stdio, the commands) the core talks to the stores themselves, with nothing between.
 */
class InstrumentationWiringTest {
  @TempDir Path temp;

  /** Every report, as text, in order. */
  static final class Recording implements Instrumentation {
    final List<String> reports = new CopyOnWriteArrayList<>();

    @Override
    public void called(String tool, Optional<ErrorCode> error, Duration duration) {
      reports.add("called " + tool + " " + error.map(Enum::name).orElse("ok"));
    }

    @Override
    public void appended(long seq, Duration duration) {
      reports.add("appended " + seq);
    }

    @Override
    public void headSeen(long seq) {
      reports.add("head " + seq);
    }

    @Override
    public Runnable storeOperation(String store, String operation) {
      return () -> reports.add(store + " " + operation);
    }

    @Override
    public void watch(SessionStore sessions) {
      reports.add("watching " + sessions.countActive());
    }
  }

  private Wiring open(Instrumentation instrumentation) {
    return Wiring.open(
        SettingsLoader.load(Map.of("ATLAS_HOME", temp.resolve("home").toString()), Map.of(), temp),
        instrumentation);
  }

  @Test
  void aCall_isReported_withItsDurableAppend_andEveryStoreOperationIsCounted() {
    Recording recording = new Recording();
    try (Wiring wiring = open(recording)) {
      wiring.gateway(); // recovery at start reads the log's entries, not a report
      recording.reports.clear();

      TestCalls.refused(wiring);
      wiring.audit().head();
      wiring.sessions().countSessions("tester");
      wiring.plans().list(temp, Optional.empty());

      assertThat(recording.reports)
          .containsExactly(
              "appended 1",
              "called " + CallObserver.UNKNOWN_TOOL + " INVALID_ARGUMENT",
              "head 1",
              "session count_sessions",
              "plan list");
    }
  }

  @Test
  void theSessionStore_isWatchedOnce_whenItOpens() {
    Recording recording = new Recording();
    try (Wiring wiring = open(recording)) {
      wiring.sessions();
      wiring.sessions();
      assertThat(recording.reports).containsExactly("session count_active", "watching 0");
    }
  }

  @Test
  void withoutInstrumentation_theCoreIsHandedTheStoresThemselves() {
    try (Wiring wiring = open(Instrumentation.NONE)) {
      assertThat(wiring.audit()).isInstanceOf(FileAuditLog.class);
      assertThat(wiring.plans()).isInstanceOf(FilePlanStore.class);
    }
  }
}
