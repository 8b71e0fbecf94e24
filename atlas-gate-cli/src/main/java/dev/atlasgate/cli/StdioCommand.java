package dev.atlasgate.cli;

import dev.atlasgate.auth.Identity;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.ConfigException;
import dev.atlasgate.bootstrap.config.Secret;
import dev.atlasgate.bootstrap.config.Settings;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.mcp.McpConnection;
import dev.atlasgate.mcp.ServerInfo;
import dev.atlasgate.mcp.StdioServer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atlas-gate stdio}: serves one MCP client over standard input and output. */
@Command(
    name = "stdio",
    mixinStandardHelpOptions = true,
    description = "Serves one MCP client over stdin/stdout (for an IDE's MCP configuration).")
final class StdioCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(StdioCommand.class);

  /**
   * How long calls still running at end of input may take to finish: the client has gone, so this
   * is short; then the audit is closed and the process exits, abandoning what still runs.
   */
  static final Duration END_OF_INPUT_GRACE = Duration.ofSeconds(5);

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description = "ANTIGRAVITY, WINDSURF or ALL (MCP_ROLE; default ALL).")
  String role;

  @Mixin ConfigOptions config = new ConfigOptions();

  /**
   * The command as {@code stdio} or {@code stdio --role ROLE} asks for it, when that is all the
   * command line says: how MCP clients start the gateway, waiting for its first answer. Such a line
   * skips the command-line parser, whose own start (its classes, which the AOT cache cannot hold
   * since they are compiled for Java 5, and the reading of every option's annotations) was about a
   * third of the time until {@code initialize} was answered. Any other line is parsed.
   */
  static Optional<StdioCommand> withoutParser(String[] args) {
    if (args.length == 0 || !args[0].equals("stdio")) {
      return Optional.empty();
    }
    StdioCommand command = new StdioCommand();
    if (args.length == 2 && args[1].startsWith("--role=")) {
      command.role = args[1].substring("--role=".length());
    } else if (args.length == 3 && args[1].equals("--role") && !args[2].startsWith("-")) {
      command.role = args[2];
    } else if (args.length != 1) {
      return Optional.empty();
    }
    return Optional.of(command);
  }

  @Override
  public Integer call() throws Exception {
    // Nothing but protocol messages may reach stdout: keep the real one, send stray prints away.
    OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    Settings settings = config.settings(role == null ? Map.of() : Map.of("MCP_ROLE", role));
    try (Wiring wiring = Wiring.open(settings)) {
      CallContext context = new CallContext(principal(wiring, settings), SessionBinding.inMemory());
      ServerInfo info = new ServerInfo("atlas-gate", "ATLAS-GATE", AtlasGate.Version.version());
      // The client is served from the start: the handshake needs none of the stores, and a
      // request that needs the gateway waits here while this thread opens the audit log and
      // completes what the last run left staged. A start that fails still fails the command.
      CompletableFuture<Gateway> gateway = new CompletableFuture<>();
      FutureTask<Void> serving =
          new FutureTask<>(
              () -> {
                new StdioServer(
                        System.in,
                        protocolOut,
                        settings.maxBodyBytes(),
                        END_OF_INPUT_GRACE,
                        outbound -> new McpConnection(gateway::join, info, context, outbound))
                    .run();
                return null;
              });
      Thread.ofPlatform().name("mcp-stdio").daemon().start(serving);
      try {
        gateway.complete(wiring.gateway());
      } catch (RuntimeException e) {
        gateway.completeExceptionally(e);
        throw e;
      }
      LOG.info(
          "atlas-gate stdio: role {}, audit file {}, instance {}",
          settings.role().map(Enum::name).orElse("ALL"),
          settings.auditFile(),
          settings.instanceId());
      try {
        serving.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
    LOG.info("end of input; atlas-gate stdio stopped");
    return 0;
  }

  /** The local user, or with auth on, whoever ATLAS_TOKEN proves, as over HTTP. */
  private static Principal principal(Wiring wiring, Settings settings) {
    if (!wiring.authenticator().required()) {
      return Principal.trusted("local:" + System.getProperty("user.name"));
    }
    Identity identity =
        wiring.authenticator().authenticate(settings.auth().token().map(Secret::value));
    return switch (identity) {
      case Identity.Known known -> known.principal();
      case Identity.Missing missing ->
          throw new ConfigException(
              "REQUIRE_AUTH=true: set ATLAS_TOKEN (or --token) for a stdio caller");
      case Identity.Invalid invalid ->
          throw new ConfigException("ATLAS_TOKEN is not a valid token");
    };
  }
}
