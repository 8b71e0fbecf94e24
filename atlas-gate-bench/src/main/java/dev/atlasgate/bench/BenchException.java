package dev.atlasgate.bench;

/**
 * A run that cannot go on: a bad option, or a deployment that refused the set-up. The message says
 * what and why; the load generator prints it and exits 2.
 */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
