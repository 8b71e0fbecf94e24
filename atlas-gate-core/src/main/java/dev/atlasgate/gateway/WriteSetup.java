package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

/**
 * How governed writes are ordered and recovered.
 *
 * @param locks the per-path locks that keep writes to one path in audit order
 * @param journal what a start reads to complete this instance's interrupted writes
 * @param crashPoints where a test interrupts a write; {@link CrashPoints#NONE} otherwise
 */
public record WriteSetup(PathLocks locks, StagingJournal journal, CrashPoints crashPoints) {
  public WriteSetup {
    requireNonNull(locks, "locks is null");
    requireNonNull(journal, "journal is null");
    requireNonNull(crashPoints, "crashPoints is null");
  }

  /** In-process locks and a journal in memory: one process, nothing to recover after it. */
  public static WriteSetup inProcess() {
    return new WriteSetup(PathLocks.inProcess(), StagingJournal.inMemory(), CrashPoints.NONE);
  }
}
