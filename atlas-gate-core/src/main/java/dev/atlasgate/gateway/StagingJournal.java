package dev.atlasgate.gateway;

import java.nio.file.Path;
import java.util.Set;

/**
 * What a start needs to complete this instance's interrupted writes: the workspace roots it has
 * staged writes in, and the seq up to which its writes are known to be complete (so that a start
 * reads only the log after it).
 */
public interface StagingJournal {

  /** Records {@code root}, durably, before the first write is staged in it; cheap once known. */
  void addRoot(Path root);

  /** The roots recorded so far. */
  Set<Path> roots();

  /** The seq up to which every write of this instance has been completed or removed. */
  long recoveredTo();

  /** Records, durably, that every write up to {@code seq} is completed or removed. */
  void recoveredTo(long seq);

  /** A journal that lives as long as this object, for tests and throw-away gateways. */
  static StagingJournal inMemory() {
    return new InMemoryStagingJournal();
  }
}
