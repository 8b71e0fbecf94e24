package dev.atlasgate.workspace;

import static dev.atlasgate.workspace.WorkspaceAssertions.assertCode;
import static dev.atlasgate.workspace.WorkspaceAssertions.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile agent (or a hostile local process racing it) tries against the workspace: one test
 * per attack. Afterwards nothing outside the workspace has changed.
 */
class WorkspaceAttackTest {
  private static final long MAX = 4 * 1024 * 1024;

  @TempDir Path temp;
  private Path root;
  private Path outside;
  private Path home;
  private Workspace workspace;
  private List<String> outsideBefore;
  private final AtomicInteger succeeded = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("ws"));
    outside = Files.createDirectories(temp.resolve("outside"));
    home = Files.createDirectories(temp.resolve("home"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.writeString(outside.resolve("file.txt"), "OUTSIDE");
    Files.writeString(home.resolve("audit.jsonl"), "{\"seq\":1}");
    Files.createDirectories(root.resolve("src/sub/.git/hooks"));
    Files.writeString(root.resolve("src/app.txt"), "hello");
    Files.writeString(root.resolve("src/sub/.git/config"), "[core]");
    Files.writeString(root.resolve("src/sub/.git/hooks/pre-commit"), "#!/bin/sh");
    Files.createDirectories(root.resolve("src/.Atlas-Gate/plans"));
    Files.writeString(root.resolve("src/.Atlas-Gate/plans/p.json"), "{}");
    Files.writeString(root.resolve("src/.atlas-gate-tmp-planted.part"), "planted");
    Files.createDirectories(root.resolve("state"));
    Files.writeString(root.resolve("state/tokens.json"), "{\"tokens\":[]}");
    workspace = Workspace.open(root, Set.of(home.resolve("audit.jsonl"), root.resolve("state")));
    outsideBefore = snapshot(outside);
  }

  @AfterEach
  void nothingChangedOutside() throws Exception {
    assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    assertThat(outside.resolve("secret.txt")).hasContent("top secret");
    assertThat(home.resolve("audit.jsonl")).hasContent("{\"seq\":1}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "src/sub/.git/config",
        "src/sub/.GIT/hooks/pre-commit",
        "src/x/.git/config",
        "src/x/.Git",
        "src/.Atlas-Gate/plans/p.json",
        "deep/a/b/.ATLAS-GATE/p.status.json",
        "src/.atlas-gate-tmp-planted.part",
        "src/.ATLAS-GATE-TMP-new.part",
        "src/.atlas-gate-tmp-0123456789abcdef.app.txt.part"
      })
  void nestedProtectedNames_inAnyCase_areNeverReadWrittenOrListed(String path) throws Exception {
    assertCode(() -> workspace.read(path, 0, OptionalLong.empty(), MAX), ErrorCode.PATH_PROTECTED);
    assertCode(() -> workspace.prepareWrite(path, bytes("x"), MAX), ErrorCode.PATH_PROTECTED);
    assertCode(() -> workspace.list(path, Optional.empty(), false, 100), ErrorCode.PATH_PROTECTED);
    assertThat(root.resolve("src/x")).doesNotExist();
    assertThat(root.resolve("deep")).doesNotExist();
    assertThat(root.resolve("src/sub/.git/config")).hasContent("[core]");
  }

  @Test
  void listing_hidesNestedProtectedNamesStagingFilesAndGatewayFiles() {
    assertThat(workspace.list(".", Optional.empty(), true, 100).files())
        .extracting(FileEntry::path)
        .containsExactly("src/app.txt");
    assertThat(workspace.list("src", Optional.empty(), false, 100).files())
        .extracting(FileEntry::path)
        .containsExactly("src/app.txt");
  }

  @Test
  void gatewayFile_throughAHardLink_isProtected() throws Exception {
    Files.createLink(root.resolve("src/log.txt"), home.resolve("audit.jsonl"));
    assertCode(
        () -> workspace.read("src/log.txt", 0, OptionalLong.empty(), MAX),
        ErrorCode.PATH_PROTECTED);
    assertCode(
        () -> workspace.prepareWrite("src/log.txt", bytes("x"), MAX), ErrorCode.PATH_PROTECTED);
    assertThat(workspace.list("src", Optional.empty(), true, 100).files())
        .extracting(FileEntry::path)
        .containsExactly("src/app.txt");
  }

  @Test
  void gatewayFile_insideTheWorkspace_underAnotherNameOrThroughASymlink_isProtected()
      throws Exception {
    Files.createLink(root.resolve("src/tokens.json"), root.resolve("state/tokens.json"));
    Files.createSymbolicLink(root.resolve("src/link"), Path.of("../state/tokens.json"));
    Files.createSymbolicLink(root.resolve("src/state-dir"), Path.of("../state"));
    for (String path : List.of("src/tokens.json", "src/link", "src/state-dir/tokens.json")) {
      assertCode(
          () -> workspace.read(path, 0, OptionalLong.empty(), MAX), ErrorCode.PATH_PROTECTED);
      assertCode(() -> workspace.prepareWrite(path, bytes("x"), MAX), ErrorCode.PATH_PROTECTED);
    }
    assertThat(root.resolve("state/tokens.json")).hasContent("{\"tokens\":[]}");
  }

  @Test
  void hardLink_toAnOutsideFile_isNotReadThroughNorReplaced() throws Exception {
    Files.createLink(root.resolve("src/secret.txt"), outside.resolve("secret.txt"));
    assertCode(
        () -> workspace.read("src/secret.txt", 0, OptionalLong.empty(), MAX),
        ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(
        () -> workspace.prepareWrite("src/secret.txt", bytes("x"), MAX),
        ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertThat(workspace.list("src", Optional.empty(), true, 100).files())
        .extracting(FileEntry::path)
        .containsExactly("src/app.txt");
  }

  @Test
  void write_keepsTheModeOfTheFileItReplaces() throws Exception {
    Path script = root.resolve("src/run.sh");
    Files.writeString(script, "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path secret = root.resolve("src/private.txt");
    Files.writeString(secret, "mine");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    commit("src/run.sh", "#!/bin/sh\necho hi\n");
    commit("src/private.txt", "still mine");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
  }

  @Test
  void newFile_getsTheModeAnEditorWouldGiveIt() throws Exception {
    commit("src/new/dir/file.txt", "fresh");
    int umask = umask();
    assertThat(mode(root.resolve("src/new/dir/file.txt"))).isEqualTo(0666 & ~umask);
    assertThat(mode(root.resolve("src/new/dir"))).isEqualTo(0777 & ~umask);
  }

  @Test
  void stagingFile_isRemoved_whenTheDiskFillsMidWrite() throws Exception {
    byte[] big = new byte[1024 * 1024];
    fileSizeLimit("65536");
    try {
      assertThatThrownBy(() -> workspace.prepareWrite("src/app.txt", big, MAX))
          .isInstanceOf(GateException.class);
      assertThatThrownBy(() -> workspace.prepareWrite("src/fresh/new.bin", big, MAX))
          .isInstanceOf(GateException.class);
    } finally {
      fileSizeLimit("unlimited");
    }
    assertThat(stagingFiles()).containsExactly("src/.atlas-gate-tmp-planted.part");
    assertThat(root.resolve("src/app.txt")).hasContent("hello");
    assertThat(root.resolve("src/fresh")).doesNotExist();
  }

  /**
   * One thread swaps {@code dir} for a symlink to the outside directory and back, again and again,
   * while others write, read and list through it: nothing is ever written outside, and no read or
   * listing shows what is there.
   */
  @Test
  void directorySwappedForASymlink_neverLeadsOutside() throws Exception {
    Path dir = Files.createDirectories(root.resolve("dir"));
    Files.writeString(dir.resolve("file.txt"), "inside");
    Files.writeString(outside.resolve("outside-only.txt"), "OUTSIDE");
    outsideBefore = snapshot(outside);
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
    CountDownLatch swapping = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(4)) {
      Future<Integer> swapper = pool.submit(() -> swap(dir, done, swapping));
      swapping.await();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        workers.add(pool.submit(() -> work(thread, leaks)));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      done.set(true);
      assertThat(swapper.get()).isPositive();
    }
    assertThat(leaks).isEmpty();
    assertThat(succeeded.get()).as("operations that got through the swaps").isPositive();
    assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    assertThat(outside.resolve("file.txt")).hasContent("OUTSIDE");
  }

  /**
   * One thread swaps a file for a symlink to an outside file and back while others replace and read
   * it: no read returns the outside content and the outside file is never written.
   */
  @Test
  void fileSwappedForASymlink_neverLeadsOutside() throws Exception {
    Path dir = Files.createDirectories(root.resolve("dir"));
    Files.writeString(dir.resolve("file.txt"), "inside");
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
    try (var pool = Executors.newFixedThreadPool(3)) {
      Future<?> swapper = pool.submit(() -> swapFile(dir, done));
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 1500; i++) {
                    attempt(() -> commit("dir/file.txt", "inside"));
                    attempt(() -> readInside("dir/file.txt", leaks));
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      done.set(true);
      swapper.get();
    }
    assertThat(leaks).isEmpty();
    assertThat(succeeded.get()).as("operations that got through the swaps").isPositive();
  }

  /** Renames a symlink to the outside file onto the file, then a regular file, and again. */
  private Void swapFile(Path dir, AtomicBoolean done) throws Exception {
    Path file = dir.resolve("file.txt");
    Path link = dir.resolve("link.tmp");
    Path regular = dir.resolve("regular.tmp");
    for (int i = 0; i < 200_000 && !done.get(); i++) {
      Files.createSymbolicLink(link, outside.resolve("file.txt"));
      Files.move(link, file, StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(regular, "inside");
      Files.move(regular, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return null;
  }

  private void readInside(String path, ConcurrentLinkedQueue<String> leaks) {
    String read =
        new String(
            workspace.read(path, 0, OptionalLong.empty(), MAX).content(), StandardCharsets.UTF_8);
    if (!read.equals("inside")) {
      leaks.add("read " + read);
    }
  }

  private Void work(int thread, ConcurrentLinkedQueue<String> leaks) {
    for (int i = 0; i < 400; i++) {
      String name = "t" + thread + "-" + i;
      attempt(() -> commit("dir/" + name + ".txt", "inside"));
      attempt(() -> commit("dir/" + name + "/deep/x.txt", "inside"));
      attempt(() -> commit("dir/file.txt", "inside"));
      attempt(() -> readInside("dir/file.txt", leaks));
      attempt(
          () ->
              workspace.list("dir", Optional.empty(), true, 10_000).files().stream()
                  .filter(f -> f.path().contains("outside-only") || f.path().contains("secret"))
                  .forEach(f -> leaks.add("listed " + f.path())));
    }
    return null;
  }

  /** Swaps until told to stop (at most a bounded number of times); answers how many swaps. */
  private int swap(Path dir, AtomicBoolean done, CountDownLatch swapping) throws Exception {
    Path away = root.resolve("dir-away");
    int swaps = 0;
    swapping.countDown();
    for (int i = 0; i < 200_000 && !done.get(); i++) {
      Files.move(dir, away);
      try {
        Files.createSymbolicLink(dir, outside);
        swaps++;
        Files.delete(dir);
      } catch (FileSystemException madeByAWriter) {
        Files.move(dir, root.resolve("made-" + i));
      }
      putBack(away, dir, i);
    }
    return swaps;
  }

  /** Moves the directory back, moving aside what a writer created in its place meanwhile. */
  private void putBack(Path away, Path dir, int i) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        Files.move(away, dir);
        return;
      } catch (FileSystemException madeByAWriter) {
        if (attempt > 100) {
          throw madeByAWriter;
        }
        Files.move(dir, root.resolve("made-" + i + "-" + attempt));
      }
    }
  }

  private void attempt(Runnable action) {
    try {
      action.run();
      succeeded.incrementAndGet();
    } catch (GateException refused) {
      // Refused while the directory was swapped: what matters is that nothing got through.
    }
  }

  private void commit(String path, String content) {
    try (PreparedWrite write = workspace.prepareWrite(path, bytes(content), MAX)) {
      write.commit();
    }
  }

  private List<String> stagingFiles() throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(".atlas-gate-tmp-"))
          .map(p -> root.relativize(p).toString())
          .toList();
    }
  }

  private static void fileSizeLimit(String soft) throws Exception {
    Process prlimit =
        new ProcessBuilder(
                "prlimit",
                "--pid",
                Long.toString(ProcessHandle.current().pid()),
                "--fsize=" + soft + ":")
            .inheritIO()
            .start();
    assertThat(prlimit.waitFor()).isZero();
  }

  private static int umask() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("Umask:"))
        .map(line -> Integer.parseInt(line.substring("Umask:".length()).trim(), 8))
        .findFirst()
        .orElseThrow();
  }

  private static int mode(Path path) throws Exception {
    return (Integer) Files.getAttribute(path, "unix:mode") & 0777;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
