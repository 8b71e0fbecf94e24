package dev.atlasgate.cli;

import dev.atlasgate.error.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atlas-gate} command: the one entry point of the product. */
@Command(
    name = "atlas-gate",
    mixinStandardHelpOptions = true,
    versionProvider = AtlasGate.Version.class,
    description = "Governance gateway for AI coding agents over the Model Context Protocol.")
public final class AtlasGate implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AtlasGate.class);

  /**
   * The subcommands, in the order help lists them. Only the one named is modelled when a command
   * line names one (picocli inspects every command it is given by reflection, which costs a stdio
   * start a large share of its time); all of them otherwise, for help and for a name it does not
   * know.
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          StdioCommand.class,
          ConnectCommand.class,
          MigrateCommand.class,
          ServeCommand.class,
          PlanCommand.class,
          AuditCommand.class,
          KeygenCommand.class,
          HealthcheckCommand.class,
          VersionCommand.class);

  /** Exit status of a refused operation (a GateException). */
  static final int REFUSED = 1;

  /** Exit status of a usage, configuration or I/O error. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where commands ask the person at the keyboard, if any. */
  final Terminal terminal;

  private AtlasGate(Terminal terminal) {
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true, System.out.charset()),
            new PrintWriter(System.err, true, System.err.charset()),
            Terminal.ofProcess()));
  }

  /** Runs the command line, not on a terminal, and returns its exit status. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Terminal.none());
  }

  /** Runs the command line with {@code terminal} as its user's and returns its exit status. */
  static int run(String[] args, PrintWriter out, PrintWriter err, Terminal terminal) {
    Optional<StdioCommand> stdio = StdioCommand.withoutParser(args);
    if (stdio.isPresent()) {
      try {
        return stdio.get().call();
      } catch (Exception e) {
        return failed("atlas-gate stdio", e, err);
      }
    }
    CommandLine cli = new CommandLine(new AtlasGate(terminal));
    List<Class<?>> named =
        COMMANDS.stream().filter(c -> args.length > 0 && name(c).equals(args[0])).toList();
    for (Class<?> command : named.isEmpty() ? COMMANDS : named) {
      cli.addSubcommand(command);
    }
    cli.setOut(out).setErr(err);
    cli.setExitCodeExceptionMapper(AtlasGate::exitCode);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) ->
            failed(commandLine.getCommandSpec().qualifiedName(), e, commandLine.getErr()));
    cli.setParameterExceptionHandler(
        (e, given) -> {
          CommandLine at = e.getCommandLine();
          at.getErr()
              .println(
                  "atlas-gate: "
                      + e.getMessage()
                      + " (see '"
                      + at.getCommandSpec().qualifiedName()
                      + " --help')");
          return USAGE;
        });
    return cli.execute(args);
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** Says in one line why {@code command} failed and answers its exit status. */
  private static int failed(String command, Exception e, PrintWriter err) {
    LOG.debug("{} failed", command, e);
    err.println("atlas-gate: " + Errors.line(e));
    return exitCode(e);
  }

  private static int exitCode(Throwable e) {
    return e instanceof GateException ? REFUSED : USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The product version, written into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"atlas-gate " + version()};
    }

    static String version() {
      Properties properties = new Properties();
      try (InputStream in = AtlasGate.class.getResourceAsStream("/atlas-gate-version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the version", e);
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
