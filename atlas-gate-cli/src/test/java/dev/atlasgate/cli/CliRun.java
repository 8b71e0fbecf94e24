package dev.atlasgate.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

/** One in-process run of the {@code atlas-gate} command line: its exit status and its output. */
record CliRun(int exit, String out, String err) {

  /** A run as from a script: no terminal. */
  static CliRun of(String... args) {
    return run(Terminal.none(), args);
  }

  /** A run on a terminal where the person types {@code input}. */
  static CliRun typing(String input, String... args) {
    return run(new Terminal(true, () -> new BufferedReader(new StringReader(input))), args);
  }

  private static CliRun run(Terminal terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        AtlasGate.run(args, new PrintWriter(out, true), new PrintWriter(err, true), terminal);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
