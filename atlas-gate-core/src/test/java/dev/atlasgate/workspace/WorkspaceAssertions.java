package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the workspace tests check again and again. */
final class WorkspaceAssertions {
  private WorkspaceAssertions() {}

  /** Every path under {@code dir}, sorted: compared before and after, it shows any change. */
  static List<String> snapshot(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(Path::toString).sorted().toList();
    }
  }

  static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(GateException.class)
        .satisfies(e -> assertThat(((GateException) e).code()).as(e.getMessage()).isEqualTo(code));
  }
}
