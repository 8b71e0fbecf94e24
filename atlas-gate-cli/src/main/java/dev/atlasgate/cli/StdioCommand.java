package dev.atlasgate.cli;

import dev.atlasgate.auth.Identity;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.mcp.McpConnection;
import dev.atlasgate.mcp.ServerInfo;
import dev.atlasgate.mcp.StdioServer;
import dev.atlasgate.server.Wiring;
import dev.atlasgate.server.config.ConfigException;
import dev.atlasgate.server.config.Secret;
import dev.atlasgate.server.config.Settings;
import dev.atlasgate.server.config.SettingsLoader;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
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

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description = "ANTIGRAVITY, WINDSURF or ALL (MCP_ROLE; default ALL).")
  String role;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    // Nothing but protocol messages may reach stdout: keep the real one, send stray prints away.
    OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    Map<String, String> options = config.asVariables();
    if (role != null) {
      options.put("MCP_ROLE", role);
    }
    Settings settings =
        SettingsLoader.load(System.getenv(), options, Path.of(System.getProperty("user.home")));
    try (Wiring wiring = Wiring.open(settings)) {
      LOG.info(
          "atlas-gate stdio: role {}, audit file {}, instance {}",
          settings.role().map(Enum::name).orElse("ALL"),
          settings.auditFile(),
          settings.instanceId());
      CallContext context = new CallContext(principal(wiring, settings), SessionBinding.inMemory());
      ServerInfo info = new ServerInfo("atlas-gate", "ATLAS-GATE", AtlasGate.Version.version());
      var gateway = wiring.gateway();
      new StdioServer(
              System.in,
              protocolOut,
              settings.maxBodyBytes(),
              Duration.ofSeconds(30),
              outbound -> new McpConnection(gateway, info, context, outbound))
          .run();
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
