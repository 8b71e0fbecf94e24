package dev.atlasgate.gateway;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link StagingJournal} in memory. */
final class InMemoryStagingJournal implements StagingJournal {
  private final Set<Path> roots = ConcurrentHashMap.newKeySet();
  private volatile long recoveredTo;

  @Override
  public void addRoot(Path root) {
    roots.add(root);
  }

  @Override
  public Set<Path> roots() {
    return Set.copyOf(roots);
  }

  @Override
  public long recoveredTo() {
    return recoveredTo;
  }

  @Override
  public void recoveredTo(long seq) {
    recoveredTo = seq;
  }
}
