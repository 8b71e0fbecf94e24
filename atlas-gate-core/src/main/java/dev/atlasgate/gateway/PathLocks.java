package dev.atlasgate.gateway;

import java.nio.file.Path;

/**
 * Locks on workspace paths, so that writes to one path take effect in the order of their audit
 * entries: a write holds its path's lock from before its entry is appended until after its rename.
 *
 * <p>{@link #inProcess()} orders the writes of one process; a backend shared by several instances
 * (PostgreSQL) offers one that orders theirs too.
 */
public interface PathLocks {

  /** Waits for and holds the lock of {@code path} in the workspace at {@code root}. */
  Held lock(Path root, String path);

  /** A lock held until closed. */
  interface Held extends AutoCloseable {
    Held NOTHING = () -> {};

    @Override
    void close();
  }

  /** Striped locks of this process. */
  static PathLocks inProcess() {
    return new StripedPathLocks();
  }
}
