package dev.atlasgate.cli;

import static java.util.Objects.requireNonNullElse;

import dev.atlasgate.bootstrap.config.ConfigException;
import dev.atlasgate.error.GateException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Pattern;

/**
 * A failure as the one line a user reads: what failed and why, without exception class names or
 * stack traces (those go to the log at DEBUG).
 */
final class Errors {
  /** A Java class name an exception's message may start with or embed ("java.io.Foo: "). */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

  private Errors() {}

  /** The line for a command that failed with {@code e}. */
  static String line(Throwable e) {
    return switch (e) {
      case GateException g -> "[" + g.code() + "] " + g.getMessage();
      case ConfigException c -> message(c);
      case UsageException u -> message(u);
      case UncheckedIOException io -> describe(requireNonNullElse(io.getCause(), io));
      case IllegalArgumentException x -> describe(x);
      case IllegalStateException x -> describe(x);
      case java.io.IOException x -> describe(x);
      default ->
          "unexpected failure: "
              + describe(e)
              + " (run again with ATLAS_LOG_LEVEL=DEBUG for the details)";
    };
  }

  /** The message of an exception written for the person at the command line. */
  private static String message(Exception e) {
    String message = e.getMessage();
    return message != null ? message : describe(e);
  }

  /** What {@code e} says, in words: its message without class names, or what its type means. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message != null && !message.isBlank()) {
      String clean = CLASS_NAME.matcher(message).replaceAll("").strip();
      if (!clean.isEmpty()) {
        return clean;
      }
    }
    return switch (e) {
      case ConnectException c -> unresolved(c) ? "unknown host" : "connection refused";
      case HttpTimeoutException t -> "timed out";
      case UnknownHostException u -> "unknown host";
      case ClosedChannelException c -> "connection closed";
      default -> {
        // Throwable.getCause() is null, never the exception itself, when there is no cause.
        Throwable cause = e.getCause();
        yield cause != null ? describe(cause) : "failed without a message";
      }
    };
  }

  private static boolean unresolved(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }
}
