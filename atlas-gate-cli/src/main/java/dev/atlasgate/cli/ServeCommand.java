package dev.atlasgate.cli;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.ConfigException;
import dev.atlasgate.bootstrap.config.Settings;
import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Metrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.BindException;
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
    Settings settings = config.settings(role == null ? Map.of() : Map.of("MCP_ROLE", role));
    Metrics metrics = new Metrics();
    Wiring wiring = Wiring.open(settings, metrics);
    try {
      wiring.gateway();
      wiring.rateLimiter();
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
    HttpGateway gateway;
    try {
      gateway = HttpGateway.start(wiring, metrics, AtlasGate.Version.version());
    } catch (Exception e) {
      wiring.close();
      throw cannotListen(settings.http(), e);
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

  /** Why the server could not listen, in words a user can act on. */
  static ConfigException cannotListen(Settings.Http http, Exception e) {
    String at = http.bind() + ":" + http.port();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return new ConfigException(
            "cannot listen on "
                + at
                + ": the port is in use or the address is not this host's; stop what listens"
                + " there, or choose another MCP_PORT (--port) or MCP_BIND (--bind)");
      }
    }
    LOG.error("cannot listen on {}", at, e);
    return new ConfigException(
        "cannot listen on " + at + ": " + Errors.describe(e) + " (the log has the details)");
  }

  /**
   * Runs {@code stop} on SIGTERM and SIGINT, so that the process can finish its requests and exit
   * with status 0, as a container runtime expects; a shutdown hook covers other exits.
   */
  private static void onTerminate(Runnable stop) {
    Thread stopper = Thread.ofPlatform().name("atlas-shutdown").unstarted(stop);
    boolean term = handle("TERM", stopper);
    boolean interrupt = handle("INT", stopper);
    boolean signals = term && interrupt;
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
