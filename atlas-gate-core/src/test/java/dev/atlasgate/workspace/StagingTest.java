package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.GateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged writes as crash recovery sees them: found by id, rolled forward or discarded. */
class StagingTest {
  private static final long MAX = 1024;

  @TempDir Path root;
  private Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/app.txt"), "old");
    workspace = Workspace.open(root);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void stagingId_isValidated() {
    assertThat(StagingId.random().value()).matches("[a-z0-9]{32}");
    assertThatThrownBy(() -> new StagingId("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StagingId("ABCDEFGHIJKLMNOPQRST"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StagingId("a".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stagedWrite_isNamedByItsId_andFoundByTheSweep() throws Exception {
    StagingId id = new StagingId("0123456789abcdef0123");
    PreparedWrite write = workspace.prepareWrite("src/app.txt", bytes("new"), MAX, id);
    assertThat(write.stagingId()).isEqualTo(id);
    assertThat(root.resolve("src").resolve(Workspace.stagingName(id, "app.txt"))).hasContent("new");
    assertThat(workspace.stagedFiles()).containsExactly(new StagedFile("src/app.txt", id));
    assertThat(root.resolve("src/app.txt")).hasContent("old");
    write.close();
    assertThat(workspace.stagedFiles()).isEmpty();
  }

  @Test
  void rollForward_completesTheWrite_once() throws Exception {
    StagingId id = StagingId.random();
    workspace.prepareWrite("src/new/file.txt", bytes("staged"), MAX, id);
    StagedFile staged = workspace.stagedFiles().findFirst().orElseThrow();
    assertThat(staged).isEqualTo(new StagedFile("src/new/file.txt", id));
    workspace.rollForward(staged);
    assertThat(root.resolve("src/new/file.txt")).hasContent("staged");
    workspace.rollForward(staged);
    assertThat(workspace.stagedFiles()).isEmpty();
  }

  @Test
  void rollForwardAndDiscard_ofAGoneDirectory_doNothing() {
    StagedFile gone = new StagedFile("src/gone/deeper/file.txt", StagingId.random());
    workspace.rollForward(gone);
    workspace.discard(gone);
    assertThat(root.resolve("src/gone")).doesNotExist();
  }

  @Test
  void discard_removesTheStagedFile_once() throws Exception {
    workspace.prepareWrite("src/app.txt", bytes("never"), MAX, StagingId.random());
    StagedFile staged = workspace.stagedFiles().findFirst().orElseThrow();
    workspace.discard(staged);
    workspace.discard(staged);
    assertThat(workspace.stagedFiles()).isEmpty();
    assertThat(root.resolve("src/app.txt")).hasContent("old");
  }

  @Test
  void sweep_followsNoSymlink_andEntersNoProtectedDirectory(@TempDir Path outside)
      throws Exception {
    StagingId id = StagingId.random();
    Files.writeString(outside.resolve(Workspace.stagingName(id, "x.txt")), "outside");
    Files.createSymbolicLink(root.resolve("src/out"), outside);
    Files.createDirectories(root.resolve("src/.git"));
    Files.writeString(root.resolve("src/.git").resolve(Workspace.stagingName(id, "y")), "git");
    Files.writeString(root.resolve("src").resolve(".atlas-gate-tmp-notours.part"), "?");
    workspace.prepareWrite("src/deep/er/file.txt", bytes("staged"), MAX, id);
    assertThat(workspace.stagedFiles()).containsExactly(new StagedFile("src/deep/er/file.txt", id));
  }

  @Test
  void stagingName_takenAlready_isRefused_andTheFileThereKept() throws Exception {
    StagingId id = StagingId.random();
    Path planted = root.resolve("src").resolve(Workspace.stagingName(id, "app.txt"));
    Files.writeString(planted, "planted");
    assertThatThrownBy(() -> workspace.prepareWrite("src/app.txt", bytes("new"), MAX, id))
        .isInstanceOf(GateException.class);
    assertThat(planted).hasContent("planted");
    assertThat(root.resolve("src/app.txt")).hasContent("old");
  }

  @Test
  void currentSha256_isWhatTheTargetHoldsNow() throws Exception {
    try (PreparedWrite write = workspace.prepareWrite("src/app.txt", bytes("v2"), MAX)) {
      Files.writeString(root.resolve("src/app.txt"), "hello");
      assertThat(write.currentSha256())
          .contains("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }
    try (PreparedWrite write = workspace.prepareWrite("src/none.txt", bytes("v1"), MAX)) {
      assertThat(write.currentSha256()).isEmpty();
    }
  }
}
