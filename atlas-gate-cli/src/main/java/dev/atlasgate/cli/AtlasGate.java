package dev.atlasgate.cli;

import dev.atlasgate.error.GateException;
import dev.atlasgate.server.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atlas-gate} command: the one entry point of the product. */
@Command(
    name = "atlas-gate",
    mixinStandardHelpOptions = true,
    versionProvider = AtlasGate.Version.class,
    description = "Governance gateway for AI coding agents over the Model Context Protocol.",
    subcommands = {
      StdioCommand.class,
      ConnectCommand.class,
      MigrateCommand.class,
      ServeCommand.class,
      PlanCommand.class,
      AuditCommand.class,
      HealthcheckCommand.class,
      VersionCommand.class
    })
public final class AtlasGate implements Runnable {
  /** Exit status of a refused operation (a GateException). */
  static final int REFUSED = 1;

  /** Exit status of a usage, configuration or I/O error. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns its exit status. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AtlasGate());
    cli.setOut(out).setErr(err);
    cli.setExitCodeExceptionMapper(AtlasGate::exitCode);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("atlas-gate: " + message(e));
          return exitCode(e);
        });
    return cli.execute(args);
  }

  private static int exitCode(Throwable e) {
    return e instanceof GateException ? REFUSED : USAGE;
  }

  private static String message(Throwable e) {
    return switch (e) {
      case GateException g -> "[" + g.code() + "] " + g.getMessage();
      case ConfigException c -> c.getMessage();
      case UncheckedIOException io -> io.getMessage();
      default -> e.toString();
    };
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
