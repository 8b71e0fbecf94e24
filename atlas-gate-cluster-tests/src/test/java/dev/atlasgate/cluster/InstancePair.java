package dev.atlasgate.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two gateway instances, {@code gw-a} and {@code gw-b}, on one PostgreSQL and one Redis, and a
 * workspace {@code app} with a {@code README.md} that both may bind.
 */
record InstancePair(Backends backends, Path workspace, Instance a, Instance b)
    implements AutoCloseable {

  /** Starts the backends and both instances, their state under {@code temp}. */
  static InstancePair start(Path temp) throws Exception {
    Backends backends = new Backends(temp.resolve("data"));
    Path roots = Files.createDirectories(temp.resolve("workspaces")).toRealPath();
    Path workspace = Files.createDirectories(roots.resolve("app"));
    Files.writeString(workspace.resolve("README.md"), "# app\n");
    Instance a = Instance.start("gw-a", backends, temp.resolve("home-a"), roots);
    Instance b = Instance.start("gw-b", backends, temp.resolve("home-b"), roots);
    return new InstancePair(backends, workspace, a, b);
  }

  @Override
  public void close() {
    a.close();
    b.close();
    backends.close();
  }
}
