package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing walk: pruned where the glob cannot match, and bounded however large the tree. */
class FileTreeTest {
  @TempDir Path temp;
  private Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    Path root = Files.createDirectories(temp.resolve("ws")).toRealPath();
    Path other = Files.createDirectories(root.resolve("other"));
    for (int i = 0; i < 50; i++) {
      Files.writeString(other.resolve("f" + i), "x");
    }
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/a.md"), "x");
    workspace = Workspace.open(root, Set.of());
  }

  @Test
  void directoriesTheGlobCannotMatch_areNotWalked() {
    FileListing listing = workspace.list("", Optional.of(Glob.compile("src/*.md")), false, 2);
    assertThat(listing.files()).extracting(FileEntry::path).containsExactly("src/a.md");
    assertThat(listing.truncated()).isFalse();
  }

  @Test
  void aWalkBeyondItsBudget_stopsAndSaysSo() {
    FileListing listing = workspace.list("", Optional.of(Glob.compile("**/*.md")), false, 2);
    assertThat(listing.truncated()).isTrue();
    assertThat(listing.files().size()).isLessThanOrEqualTo(2);
  }

  @Test
  void aWalkBeyondItsMatchingWork_stopsAndSaysSo() throws Exception {
    Path dir = workspace.root();
    for (int i = 0; i < 40; i++) {
      dir = Files.createDirectory(dir.resolve("d"));
    }
    Files.writeString(dir.resolve("zz"), "x");
    Optional<Glob> glob = Optional.of(Glob.compile("**/d/**/d/**/zz"));
    FileListing whole = workspace.list("", glob, false, 100, FileTree.MAX_WORK);
    assertThat(whole.files()).hasSize(1);
    assertThat(whole.truncated()).isFalse();
    FileListing cut = workspace.list("", glob, false, 100, 50);
    assertThat(cut.files()).isEmpty();
    assertThat(cut.truncated()).isTrue();
  }

  @Test
  void moreMatchesThanMayBeShown_areTruncated() {
    FileListing listing = workspace.list("other", Optional.empty(), false, 5);
    assertThat(listing.files()).hasSize(5);
    assertThat(listing.truncated()).isTrue();
  }
}
