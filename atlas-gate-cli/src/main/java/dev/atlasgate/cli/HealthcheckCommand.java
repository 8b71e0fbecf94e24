package dev.atlasgate.cli;

import dev.atlasgate.bootstrap.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-gate healthcheck}: exit 0 when the local server answers its health check. */
@Command(
    name = "healthcheck",
    mixinStandardHelpOptions = true,
    description =
        "Asks the local server's /health; exit 0 healthy, 1 not (for container health checks).")
final class HealthcheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions config;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Ask this URL instead of 127.0.0.1:MCP_PORT/health.")
  String url;

  @Override
  public Integer call() throws Exception {
    Settings settings = config.settings();
    URI target =
        target(url != null ? url : "http://127.0.0.1:" + settings.http().port() + "/health");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      spec.commandLine().getOut().println(response.statusCode() + " " + response.body());
      return response.statusCode() == 200 ? 0 : 1;
    } catch (java.io.IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "atlas-gate healthcheck: nothing answers at "
                  + target
                  + " ("
                  + Errors.describe(e)
                  + "); is `atlas-gate serve` running there? (--url, or MCP_PORT for the port)");
      return 1;
    }
  }

  private static URI target(String url) {
    try {
      URI uri = new URI(url);
      if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new UsageException("--url \"" + url + "\" is not an http:// or https:// URL");
  }
}
