package dev.atlasgate.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The person at the keyboard, when there is one: a command that acts on a person's word (approving
 * a plan) asks here first. Not present when the process does not run on a terminal (a script, a
 * pipe, CI), where such commands need their answer as an option instead.
 *
 * @param present whether standard input and output are a terminal
 * @param keyboard what the person types, opened on first use
 */
record Terminal(boolean present, Supplier<BufferedReader> keyboard) {

  /** No terminal: a script, a pipe, a test. */
  static Terminal none() {
    return new Terminal(false, () -> new BufferedReader(Reader.nullReader()));
  }

  /** The terminal of this process, if it runs on one. */
  // On JDK 22 and newer System.console() is there without a terminal too: isTerminal tells.
  @SuppressWarnings("SystemConsoleNull")
  static Terminal ofProcess() {
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return none();
    }
    return new Terminal(true, () -> new BufferedReader(console.reader()));
  }

  /** Asks {@code question} and answers whether the person typed y or yes (anything else: no). */
  boolean confirm(PrintWriter out, String question) {
    out.print(question + " [y/N] ");
    out.flush();
    try {
      String answer = keyboard.get().readLine();
      return answer != null
          && switch (answer.strip().toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> true;
            default -> false;
          };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the answer: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code console} is a terminal: from JDK 22 a console exists for redirected streams too,
   * and {@code Console.isTerminal()} (absent before) tells them apart.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
