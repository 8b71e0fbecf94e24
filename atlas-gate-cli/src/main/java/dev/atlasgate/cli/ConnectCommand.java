package dev.atlasgate.cli;

import dev.atlasgate.mcp.StreamableHttpBridge;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atlas-gate connect URL}: MCP over stdio on this side, Streamable HTTP to a remote gateway
 * on the other, for an IDE that can only start a local command.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = {
      "Bridges stdio to a remote gateway's MCP endpoint (Streamable HTTP).",
      "Put 'atlas-gate connect https://gateway.example/mcp' in the IDE's MCP configuration;"
          + " the token comes from --token or ATLAS_TOKEN."
    })
final class ConnectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The gateway's /mcp URL.")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Bearer token for the gateway (default: the ATLAS_TOKEN variable).")
  String token;

  @Override
  public Integer call() throws Exception {
    URI endpoint;
    try {
      endpoint = URI.create(url);
    } catch (IllegalArgumentException e) {
      return usage("URL \"" + url + "\" is not a URL: " + e.getMessage());
    }
    String scheme = Optional.ofNullable(endpoint.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || endpoint.getHost() == null) {
      return usage("URL \"" + url + "\" must be an http:// or https:// URL of a gateway's /mcp");
    }
    Optional<String> bearer =
        Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv("ATLAS_TOKEN")));
    // Nothing but protocol messages may reach stdout: keep the real one, send stray prints away.
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    new StreamableHttpBridge(endpoint, bearer)
        .run(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
    return 0;
  }

  private int usage(String message) {
    spec.commandLine().getErr().println("atlas-gate connect: " + message);
    return 2;
  }
}
