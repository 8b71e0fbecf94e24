package dev.atlasgate.cli;

import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Wiring;
import dev.atlasgate.server.config.Settings;
import dev.atlasgate.server.config.SettingsLoader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atlas-gate serve}: the network server, MCP Streamable HTTP on {@code /mcp}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves MCP over Streamable HTTP on /mcp, with /health, /metrics and /audit/export.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description = "ANTIGRAVITY, WINDSURF or ALL (MCP_ROLE; default ALL).")
  String role;

  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws Exception {
    Map<String, String> options = config.asVariables();
    if (role != null) {
      options.put("MCP_ROLE", role);
    }
    Settings settings =
        SettingsLoader.load(System.getenv(), options, Path.of(System.getProperty("user.home")));
    Wiring wiring = Wiring.open(settings);
    try {
      wiring.gateway();
      wiring.rateLimiter();
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
    HttpGateway gateway;
    try {
      gateway = HttpGateway.start(wiring, AtlasGate.Version.version());
    } catch (Exception e) {
      wiring.close();
      throw new IllegalStateException(
          "cannot listen on "
              + settings.http().bind()
              + ":"
              + settings.http().port()
              + ": "
              + e.getMessage(),
          e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          gateway.close();
          stopped.countDown();
        };
    onTerminate(stop);
    stopped.await();
    return 0;
  }

  /**
   * Runs {@code stop} on SIGTERM and SIGINT, so that the process can finish its requests and exit
   * with status 0, as a container runtime expects; a shutdown hook covers other exits.
   */
  private static void onTerminate(Runnable stop) {
    Thread stopper = Thread.ofPlatform().name("atlas-shutdown").unstarted(stop);
    boolean signals = handle("TERM", stopper) & handle("INT", stopper);
    if (!signals) {
      Runtime.getRuntime().addShutdownHook(stopper);
    }
  }

  private static boolean handle(String name, Thread stopper) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler onSignal =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              LOG.info("SIG{} received", name);
              synchronized (stopper) {
                if (stopper.getState() == Thread.State.NEW) {
                  stopper.start();
                }
              }
            }
            return null;
          };
      Object proxy =
          Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, onSignal);
      signal
          .getMethod("handle", signal, handler)
          .invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot handle SIG{}; relying on a shutdown hook: {}", name, e.toString());
      return false;
    }
  }
}
