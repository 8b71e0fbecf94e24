package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.error.GateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file replaced while it is read is read (old or new content), never refused. */
class ReadDuringReplaceTest {
  @TempDir Path temp;

  @Test
  void readFile_whileTheSamePathIsReplaced_neverTakesTheNewFileForAHardLink() throws Exception {
    Path root = Files.createDirectory(temp.resolve("ws"));
    Files.writeString(root.resolve("f.txt"), "v0");
    Workspace workspace = Workspace.open(root, Set.of());
    AtomicBoolean done = new AtomicBoolean();
    List<String> refusals = new CopyOnWriteArrayList<>();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 1; i <= 3_000; i++) {
                    byte[] content = ("v" + i).getBytes(StandardCharsets.UTF_8);
                    try (PreparedWrite write = workspace.prepareWrite("f.txt", content, 1024)) {
                      write.commit();
                    }
                  }
                  done.set(true);
                });
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 200_000 && !done.get(); i++) {
      try {
        seen.add(
            new String(
                workspace.read("f.txt", 0, OptionalLong.empty(), 1024).content(),
                StandardCharsets.UTF_8));
      } catch (GateException e) {
        refusals.add(e.code() + ": " + e.getMessage());
      }
    }
    writer.join();
    assertThat(refusals).isEmpty();
    assertThat(seen).isNotEmpty().allMatch(s -> s.startsWith("v"));
  }
}
