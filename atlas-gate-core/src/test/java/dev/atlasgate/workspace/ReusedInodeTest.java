package dev.atlasgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway file known when the workspace was opened, then replaced by the gateway, frees its inode
 * number; a workspace file that gets it later is the agent's own, not the gateway's.
 */
class ReusedInodeTest {
  @TempDir Path temp;

  @Test
  void aWorkspaceFile_onTheInodeOfAGatewayFileSinceReplaced_isReadAndWritten() throws Exception {
    Path root = Files.createDirectory(temp.resolve("ws"));
    // The gateway's state inside the workspace: its inode numbers come from the same place.
    Path home = Files.createDirectory(root.resolve("state"));
    Path status = Files.writeString(home.resolve("plan.status.json"), "{}");
    Object gatewayKey = key(status);
    Workspace workspace = Workspace.open(root, Set.of(home));
    // The gateway replaces its file atomically, which frees the old inode number; the file system
    // then gives it to a file of the workspace. Moving the old file into the workspace leaves the
    // same state without waiting for the allocator.
    Path next = Files.writeString(home.resolve("plan.status.json.tmp"), "{\"s\":1}");
    Path old = home.resolve("plan.status.json.old");
    Files.createLink(old, status);
    Files.move(next, status, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.createDirectory(root.resolve("src"));
    String path = "src/app.txt";
    Files.move(old, root.resolve(path));
    Files.writeString(root.resolve(path), "mine");
    assertThat(key(root.resolve(path))).isEqualTo(gatewayKey);
    assertThat(
            new String(
                workspace.read(path, 0, OptionalLong.empty(), 1024).content(),
                StandardCharsets.UTF_8))
        .startsWith("mine");
    try (PreparedWrite write =
        workspace.prepareWrite(path, "new".getBytes(StandardCharsets.UTF_8), 1024)) {
      write.commit();
    }
    assertThat(Files.readString(root.resolve(path))).isEqualTo("new");
    assertThat(workspace.list("", java.util.Optional.empty(), false, 10).files()).isNotEmpty();
  }

  private static Object key(Path file) throws Exception {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }
}
