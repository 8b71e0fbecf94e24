package dev.atlasgate.server;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.mcp.ProtocolExtension;
import dev.atlasgate.mcp.ServerInfo;
import java.io.IOException;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network gateway: Jetty 12 with one virtual thread per request, serving {@code /mcp}, the
 * health and metrics endpoints, the audit export and the operator's endpoints.
 */
public final class HttpGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private final Wiring wiring;
  private final Metrics metrics;
  private final Server server;

  /**
   * Connections the kernel queues for this listener before it drops new ones (capped by {@code
   * net.core.somaxconn}). A proxy opening its upstream connections in a burst (nginx when a
   * thousand clients arrive) must find room while the instance is busy: with Java's default of 50,
   * the excess connects timed out, and nginx marked every upstream down.
   */
  private static final int ACCEPT_BACKLOG = 4096;

  private final ServerConnector connector;
  private final AtomicBoolean draining = new AtomicBoolean();

  private HttpGateway(Wiring wiring, Metrics metrics, String version) {
    this.wiring = wiring;
    this.metrics = metrics;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("atlas-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(wiring.settings().http().bind());
    connector.setPort(wiring.settings().http().port());
    connector.setIdleTimeout(wiring.settings().http().idleTimeout().toMillis());
    connector.setAcceptQueueSize(ACCEPT_BACKLOG);
    server.addConnector(connector);
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(new Router(version));
    server.setHandler(graceful);
    server.setStopTimeout(wiring.settings().http().shutdownGrace().toMillis());
    server.setStopAtShutdown(false);
  }

  /**
   * Starts serving {@code wiring}, which reports to {@code metrics} (opened with {@code
   * Wiring.open(settings, metrics)}); the port is the configured one, or a free one when it is 0.
   */
  public static HttpGateway start(Wiring wiring, Metrics metrics, String version) throws Exception {
    HttpGateway gateway = new HttpGateway(wiring, metrics, version);
    gateway.server.start();
    new RequestDeadlines(
            gateway.connector,
            wiring.settings().http().headerTimeout(),
            wiring.settings().http().bodyTimeout())
        .start();
    if (wiring.settings().http().conformanceFixtures()) {
      LOG.warn(
          "ATLAS_CONFORMANCE_FIXTURES is on: unaudited test tools are served; never in production");
    }
    LOG.info(
        "atlas-gate serve: listening on http://{}:{}/mcp; role {}; {}; auth {}; instance {}",
        wiring.settings().http().bind(),
        gateway.port(),
        wiring.settings().role().map(Enum::name).orElse("ALL"),
        wiring.describeBackends(),
        wiring.authenticator().required() ? "on" : "off",
        wiring.settings().instanceId());
    return gateway;
  }

  /**
   * The conformance suite's fixtures, from the separate jar {@code atlas-gate-conformance.jar} that
   * only the conformance run puts on the class path; the product's jar does not hold them.
   */
  static ProtocolExtension conformanceFixtures() {
    return ServiceLoader.load(ProtocolExtension.class)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "ATLAS_CONFORMANCE_FIXTURES=true, but the conformance fixtures are not on the"
                        + " class path: they ship only in atlas-gate-conformance.jar, which"
                        + " conformance/run.sh adds; a production gateway never serves them"));
  }

  /** The metrics this server serves at {@code /metrics}. */
  public Metrics metrics() {
    return metrics;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops gracefully: readiness turns 503, new requests are refused, requests in flight finish
   * within the grace period, then the stores close (the audit log last).
   */
  @Override
  public void close() {
    draining.set(true);
    LOG.info(
        "shutting down: draining requests for up to {}", wiring.settings().http().shutdownGrace());
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server failed", e);
    } finally {
      wiring.close();
      LOG.info("atlas-gate serve stopped");
    }
  }

  public void join() throws InterruptedException {
    server.join();
  }

  /** Routes each request by path; the one place where an unexpected failure becomes a 500. */
  private final class Router extends Handler.Abstract {
    private final McpEndpoint mcp;
    private final HealthEndpoint health;
    private final AuditExportEndpoint export;
    private final AuditProofEndpoint proofs;
    private final AdminEndpoint admin;
    private final Access access;

    Router(String version) {
      var settings = wiring.settings();
      mcp =
          new McpEndpoint(
              wiring.gateway(),
              wiring.sessions(),
              new ServerInfo("atlas-gate", "ATLAS-GATE", version),
              wiring.clock(),
              settings.sessionTtl(),
              settings.maxBodyBytes(),
              settings.http().maxSessionsPerPrincipal(),
              settings.http().conformanceFixtures()
                  ? conformanceFixtures()
                  : ProtocolExtension.NONE);
      health = new HealthEndpoint(wiring, version, draining);
      export = new AuditExportEndpoint(wiring.audit());
      proofs = new AuditProofEndpoint(wiring.checkpointer());
      admin = new AdminEndpoint(wiring.operatorActions(), wiring.sessions());
      boolean loopback = settings.http().loopback();
      access =
          new Access(
              wiring.authenticator(),
              wiring.rateLimiter(),
              metrics,
              loopback,
              settings.http().allowedOrigins(),
              settings.http().trustedProxies());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Runnable finished = metrics.httpRequestStarted();
      Exchange ex = new Exchange(request, response, Callback.from(finished, callback));
      try {
        route(ex);
      } catch (Throwable failure) {
        fail(ex, failure);
      }
      return true;
    }

    /**
     * A backend outage is a 503 naming it; anything else unexpected a 500. Either answer carries a
     * correlation id, never the failure's text; the log holds both.
     */
    private void fail(Exchange ex, Throwable failure) {
      if (failure instanceof EofException) {
        LOG.debug("{} {}: the client went away (or was cut off)", ex.method(), ex.path());
        ex.fail(failure);
        return;
      }
      ErrorCode code =
          failure instanceof GateException gate && ToolResult.Refused.isFault(gate.code())
              ? gate.code()
              : ErrorCode.INTERNAL_ERROR;
      ToolResult.Refused answer = ToolResult.Refused.fault(code, failure);
      String correlationId = answer.correlationId().orElseThrow();
      if (code == ErrorCode.INTERNAL_ERROR) {
        LOG.error(
            "{} {} from {} failed; correlation id {}",
            ex.method(),
            ex.path(),
            access.client(ex),
            correlationId,
            failure);
      } else {
        LOG.warn(
            "{} {} from {}: {}; correlation id {}",
            ex.method(),
            ex.path(),
            access.client(ex),
            failure.getMessage(),
            correlationId);
      }
      if (ex.isDone()) {
        ex.fail(failure);
      } else if (code == ErrorCode.INTERNAL_ERROR) {
        ex.error(500, code.name(), answer.message());
      } else {
        ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        ex.error(503, code.name(), answer.message());
      }
    }

    private void route(Exchange ex) throws IOException {
      String path = ex.path();
      switch (path) {
        case "/health" -> health.health(ex);
        case "/health/live" -> health.live(ex);
        case "/health/ready" -> health.health(ex);
        case "/metrics" -> ex.send(200, "text/plain; version=0.0.4", metrics.scrape());
        case "/.well-known/oauth-protected-resource" -> resourceMetadata(ex);
        case "/mcp" -> {
          ex.answerErrorsAsJsonRpc();
          var principal = access.admit(ex);
          if (principal.isPresent()) {
            mcp.handle(ex, principal.get());
          }
        }
        case "/audit/export" -> {
          var principal = access.admit(ex);
          if (principal.isPresent()) {
            export.handle(ex, principal.get(), access.authRequired());
          }
        }
        case AuditProofEndpoint.CHECKPOINT,
            AuditProofEndpoint.INCLUSION,
            AuditProofEndpoint.CONSISTENCY -> {
          var principal = access.admit(ex);
          if (principal.isPresent()) {
            proofs.handle(ex, principal.get(), access.authRequired());
          }
        }
        default -> {
          if (path.startsWith("/admin/")) {
            var principal = access.admit(ex);
            if (principal.isPresent()) {
              admin.handle(ex, principal.get(), access.authRequired());
            }
          } else {
            ex.error(404, "NOT_FOUND", "no endpoint " + path);
          }
        }
      }
    }

    private void resourceMetadata(Exchange ex) {
      if (!access.authRequired()) {
        ex.error(404, "NOT_FOUND", "authentication is off");
        return;
      }
      String base = Access.baseUrl(ex);
      ex.json(
          200,
          JsonObject.builder()
              .put("resource", base + "/mcp")
              .put("bearer_methods_supported", JsonArray.of(Json.of("header")))
              .put("resource_name", "ATLAS-GATE")
              .build());
    }
  }
}
