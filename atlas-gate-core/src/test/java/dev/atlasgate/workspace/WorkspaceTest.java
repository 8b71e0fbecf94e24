package dev.atlasgate.workspace;

import static dev.atlasgate.workspace.WorkspaceAssertions.assertCode;
import static dev.atlasgate.workspace.WorkspaceAssertions.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.json.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Path confinement: nothing outside the workspace is ever read, listed or written. */
class WorkspaceTest {
  private static final long MAX = 1024;

  @TempDir Path temp;
  private Path root;
  private Path outside;
  private Workspace workspace;
  private List<String> outsideBefore;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("ws"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/app.txt"), "hello");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "[core]");
    Files.createDirectories(root.resolve(".atlas-gate/plans"));
    Files.createSymbolicLink(root.resolve("link-file-out"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("link-dir-out"), outside);
    Files.createSymbolicLink(root.resolve("link-in"), root.resolve("src/app.txt"));
    Files.createSymbolicLink(root.resolve("link-git"), root.resolve(".git/config"));
    Files.writeString(root.resolve("audit.jsonl"), "{}");
    workspace = Workspace.open(root, Set.of(root.resolve("audit.jsonl")));
    outsideBefore = snapshot(outside);
  }

  @AfterEach
  void nothingChangedOutside() throws Exception {
    assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ws", "outside");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../outside/secret.txt",
        "..",
        "src/../../outside/secret.txt",
        "src/./../../outside/x",
        "a/../b",
        "/etc/passwd",
        "C:/Windows/win.ini",
        "c:x",
        "src\\app.txt",
        "..\\outside",
        "src/app.txt\0.png",
        "link-file-out",
        "link-dir-out/secret.txt",
        "link-dir-out/new.txt",
        "link-dir-out/deeper/new.txt"
      })
  void escapes_areOutsideTheWorkspace_forReadListAndWrite(String path) {
    assertCode(() -> workspace.resolve(path), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(
        () -> workspace.read(path, 0, OptionalLong.empty(), MAX), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(
        () -> workspace.list(path, Optional.empty(), false, 100), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(
        () -> workspace.prepareWrite(path, "x".getBytes(StandardCharsets.UTF_8), MAX),
        ErrorCode.PATH_OUTSIDE_WORKSPACE);
  }

  @Test
  void emptyPath_isInvalidArgument() {
    assertCode(() -> workspace.resolve(""), ErrorCode.INVALID_ARGUMENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".git/config",
        ".GIT/config",
        ".git",
        ".atlas-gate/plans/x.json",
        "link-git",
        "audit.jsonl",
        "./.git/hooks/pre-commit"
      })
  void protectedPaths_areNeverReadOrWritten(String path) {
    assertCode(() -> workspace.read(path, 0, OptionalLong.empty(), MAX), ErrorCode.PATH_PROTECTED);
    assertCode(() -> workspace.prepareWrite(path, new byte[] {1}, MAX), ErrorCode.PATH_PROTECTED);
  }

  @Test
  void listing_hidesProtectedAndOutsideEntries() {
    FileListing listing = workspace.list(".", Optional.empty(), true, 100);
    assertThat(listing.files())
        .extracting(FileEntry::path)
        .containsExactly("link-in", "src/app.txt");
    assertThat(listing.truncated()).isFalse();
    assertThat(listing.files().get(1).sha256())
        .contains("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  }

  @Test
  void listing_globAndTruncation() throws Exception {
    for (int i = 0; i < 5; i++) {
      Files.writeString(root.resolve("src/f" + i + ".md"), "x");
    }
    assertThat(workspace.list("src", Optional.of(Glob.compile("**/*.md")), false, 100).files())
        .extracting(FileEntry::path)
        .containsExactly("src/f0.md", "src/f1.md", "src/f2.md", "src/f3.md", "src/f4.md");
    FileListing cut = workspace.list("", Optional.empty(), false, 3);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.files()).hasSize(3);
    assertThat(workspace.list("src/app.txt", Optional.empty(), false, 10).files())
        .extracting(FileEntry::path)
        .containsExactly("src/app.txt");
    assertCode(
        () -> workspace.list("missing", Optional.empty(), false, 10), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> workspace.list(".git", Optional.empty(), false, 10), ErrorCode.PATH_PROTECTED);
  }

  @Test
  void read_textSlicesAndBinary() throws Exception {
    FileRead whole = workspace.read("src/app.txt", 0, OptionalLong.empty(), MAX);
    assertThat(new String(whole.content(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(whole.binary()).isFalse();
    assertThat(whole.size()).isEqualTo(5);
    FileRead slice = workspace.read("src/app.txt", 1, OptionalLong.of(3), MAX);
    assertThat(new String(slice.content(), StandardCharsets.UTF_8)).isEqualTo("ell");
    assertThat(slice.sha256()).isEqualTo(whole.sha256());
    Files.write(root.resolve("src/blob.bin"), new byte[] {(byte) 0xff, 0, 1, 2});
    assertThat(workspace.read("src/blob.bin", 0, OptionalLong.empty(), MAX).binary()).isTrue();
    assertThat(workspace.read("link-in", 0, OptionalLong.empty(), MAX).content())
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void read_refusals() throws Exception {
    assertCode(() -> workspace.read("src", 0, OptionalLong.empty(), MAX), ErrorCode.FILE_NOT_FOUND);
    assertCode(
        () -> workspace.read("nope.txt", 0, OptionalLong.empty(), MAX), ErrorCode.FILE_NOT_FOUND);
    assertCode(
        () -> workspace.read("src/app.txt", 6, OptionalLong.empty(), MAX),
        ErrorCode.INVALID_ARGUMENT);
    Files.write(root.resolve("big.bin"), new byte[2048]);
    assertCode(
        () -> workspace.read("big.bin", 0, OptionalLong.empty(), MAX), ErrorCode.FILE_TOO_LARGE);
    assertThat(workspace.read("big.bin", 1024, OptionalLong.empty(), MAX).content()).hasSize(1024);
  }

  @Test
  void concurrentWrites_intoOneNewDirectory_allSucceed() throws Exception {
    List<java.util.concurrent.Callable<Void>> writers = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String path = "fresh-" + (i / 8) + "/deep/dir/file-" + i + ".txt";
      writers.add(
          () -> {
            try (PreparedWrite write =
                workspace.prepareWrite(path, path.getBytes(StandardCharsets.UTF_8), MAX)) {
              write.commit();
            }
            return null;
          });
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
      for (var done : pool.invokeAll(writers)) {
        done.get();
      }
    }
    for (int i = 0; i < 400; i++) {
      String path = "fresh-" + (i / 8) + "/deep/dir/file-" + i + ".txt";
      assertThat(root.resolve(path)).hasContent(path);
    }
  }

  @Test
  void write_isInvisibleUntilCommitted_thenAtomic() throws Exception {
    try (PreparedWrite write =
        workspace.prepareWrite("docs/new/guide.md", "v1".getBytes(StandardCharsets.UTF_8), MAX)) {
      assertThat(Files.exists(root.resolve("docs/new/guide.md"))).isFalse();
      assertThat(write.currentSha256()).isEmpty();
      write.commit();
    }
    assertThat(Files.readString(root.resolve("docs/new/guide.md"))).isEqualTo("v1");
    PreparedWrite second =
        workspace.prepareWrite("docs/new/guide.md", "v2".getBytes(StandardCharsets.UTF_8), MAX);
    assertThat(second.currentSha256()).contains(Sha256.hex("v1".getBytes(StandardCharsets.UTF_8)));
    assertThat(second.sha256After()).isEqualTo(Sha256.hex("v2".getBytes(StandardCharsets.UTF_8)));
    second.commit();
    assertThat(Files.readString(root.resolve("docs/new/guide.md"))).isEqualTo("v2");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void write_createsManyLevelsOfDirectories() throws Exception {
    String deep = "d/".repeat(60) + "file.txt";
    try (PreparedWrite write =
        workspace.prepareWrite(deep, "deep".getBytes(StandardCharsets.UTF_8), MAX)) {
      write.commit();
    }
    assertThat(root.resolve(deep)).hasContent("deep");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void abortedWrite_leavesNothing() throws Exception {
    PreparedWrite write =
        workspace.prepareWrite("new/dir/file.txt", "x".getBytes(StandardCharsets.UTF_8), MAX);
    write.abort();
    write.abort();
    assertThat(Files.exists(root.resolve("new"))).isFalse();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void write_throughAnInsideSymlink_changesItsTarget() throws Exception {
    try (PreparedWrite write =
        workspace.prepareWrite("link-in", "changed".getBytes(StandardCharsets.UTF_8), MAX)) {
      assertThat(write.path()).isEqualTo("link-in");
      assertThat(write.realPath()).isEqualTo("src/app.txt");
      write.commit();
    }
    assertThat(Files.isSymbolicLink(root.resolve("link-in"))).isTrue();
    assertThat(Files.readString(root.resolve("src/app.txt"))).isEqualTo("changed");
    assertThat(workspace.resolve("link-in").realRelative()).isEqualTo("src/app.txt");
  }

  @Test
  void write_refusals() {
    assertCode(() -> workspace.prepareWrite("src", new byte[1], MAX), ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () -> workspace.prepareWrite("src/x", new byte[2048], MAX), ErrorCode.FILE_TOO_LARGE);
  }

  @Test
  void rootRemovedAndMadeAgain_isTheWorkspaceFromThenOn() throws Exception {
    Path fresh = Files.createDirectories(temp.resolve("fresh"));
    Workspace moved = Workspace.open(fresh);
    Files.writeString(fresh.resolve("old.txt"), "old");
    Files.move(fresh, temp.resolve("gone"));
    Files.createDirectories(fresh);
    Files.writeString(fresh.resolve("new.txt"), "new");
    assertThat(moved.read("new.txt", 0, OptionalLong.empty(), MAX).content())
        .isEqualTo("new".getBytes(StandardCharsets.UTF_8));
    assertCode(() -> moved.read("old.txt", 0, OptionalLong.empty(), MAX), ErrorCode.FILE_NOT_FOUND);
    deleteTree(temp.resolve("gone"));
    deleteTree(fresh);
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Test
  void open_refusesWhatIsNotADirectory() {
    assertCode(() -> Workspace.open(Path.of("relative")), ErrorCode.WORKSPACE_INVALID);
    assertCode(() -> Workspace.open(root.resolve("src/app.txt")), ErrorCode.WORKSPACE_INVALID);
  }

  private List<Path> tempFiles() throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(Workspace.TEMP_PREFIX))
          .toList();
    }
  }
}
