package dev.atlasgate.gateway;

/**
 * Where a governed write can be interrupted, for tests that crash it there: a hook that throws an
 * {@link Error} stops the call as a dead process would, with nothing cleaned up.
 */
@FunctionalInterface
public interface CrashPoints {
  CrashPoints NONE = point -> {};

  /** The steps of a governed write, and of the recovery at start. */
  enum Point {
    /** The content is staged; its entry is not appended yet. */
    STAGED,
    /** The entry is durable; the staged file is not renamed yet. */
    APPENDED,
    /** The staged file is renamed onto its target. */
    RENAMED,
    /** A start is about to complete or remove one staged write. */
    RECOVERING
  }

  void reached(Point point);
}
