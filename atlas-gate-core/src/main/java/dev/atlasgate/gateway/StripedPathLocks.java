package dev.atlasgate.gateway;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks, a path taking the one its hash picks: two paths may share a lock (and wait
 * for each other), one path never has two.
 */
final class StripedPathLocks implements PathLocks {
  private static final int STRIPES = 1024;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  StripedPathLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public Held lock(Path root, String path) {
    int hash = 31 * root.hashCode() + path.hashCode();
    ReentrantLock lock = locks[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
    lock.lock();
    return lock::unlock;
  }
}
