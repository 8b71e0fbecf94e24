package dev.atlasgate.cli;

/** A command used in a way it cannot work; the message says what to do instead (exit 2). */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
