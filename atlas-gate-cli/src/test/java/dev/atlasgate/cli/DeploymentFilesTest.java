package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files under {@code deploy/}, checked statically (there is no container engine to
 * run them): the compose topology, the Kubernetes manifests, the image, and the dashboard and alert
 * rules against the metrics a running gateway really serves.
 */
class DeploymentFilesTest {
  private static final Path DEPLOY = GatewayProcesses.REPO.resolve("deploy");
  private static final Pattern METRIC = Pattern.compile("\\b((?:mcp|jvm)_[a-z_]+)");

  @TempDir Path temp;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) throws Exception {
    return (Map<String, Object>) new Yaml().load(Files.readString(DEPLOY.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @Test
  void compose_hasTheSevenServices_withHealthChecksAndOrderedStart() throws Exception {
    Map<String, Object> services = map(yaml("docker-compose.yml").get("services"));
    assertThat(services.keySet())
        .containsExactlyInAnyOrder(
            "nginx", "mcp-server-1", "mcp-server-2", "postgres", "redis", "prometheus", "grafana");
    services.forEach(
        (name, service) ->
            assertThat(map(service)).as(name).containsKey("healthcheck").containsKey("deploy"));
    for (String gateway : List.of("mcp-server-1", "mcp-server-2")) {
      Map<String, Object> service = map(services.get(gateway));
      Map<String, Object> dependsOn = map(service.get("depends_on"));
      assertThat(map(dependsOn.get("postgres")).get("condition")).isEqualTo("service_healthy");
      assertThat(map(dependsOn.get("redis")).get("condition")).isEqualTo("service_healthy");
      assertThat(service.get("read_only")).isEqualTo(true);
      assertThat(service.get("user")).isEqualTo("10001:10001");
      Map<String, Object> env = map(service.get("environment"));
      assertThat(env)
          .containsEntry("SESSION_BACKEND", "redis")
          .containsEntry("AUDIT_BACKEND", "postgres")
          .containsEntry("ATLAS_INSTANCE_ID", gateway)
          .containsKeys("DATABASE_URL_FILE", "REDIS_URL_FILE", "ATLAS_TOKENS_FILE")
          .doesNotContainKeys("DATABASE_URL", "REDIS_URL", "VALID_TOKENS");
      assertThat(list(service.get("secrets"))).contains("database_url", "tokens_json");
      // a named volume of its own at ATLAS_HOME, so a restart finds its staged writes
      assertThat(list(service.get("volumes")))
          .contains("workspace:/workspace", gateway + "-state:/var/lib/atlas-gate");
      assertThat(map(yaml("docker-compose.yml").get("volumes"))).containsKey(gateway + "-state");
    }
    Map<String, Object> nginx = map(map(services.get("nginx")).get("depends_on"));
    assertThat(nginx).containsKeys("mcp-server-1", "mcp-server-2");
    Map<String, Object> postgres = map(services.get("postgres"));
    assertThat(map(postgres.get("environment")))
        .containsKey("POSTGRES_PASSWORD_FILE")
        .doesNotContainKey("POSTGRES_PASSWORD");
    for (Object secret : map(yaml("docker-compose.yml").get("secrets")).values()) {
      assertThat(map(secret)).containsOnlyKeys("file");
    }
  }

  @Test
  void kubernetes_replicasKeepTheirNameAndStateSoACrashedWriteIsRecovered() throws Exception {
    Map<String, Object> set = yaml("k8s/statefulset.yaml");
    assertThat(set).containsEntry("kind", "StatefulSet");
    Map<String, Object> spec = map(set.get("spec"));
    Map<String, Object> container =
        map(list(map(map(spec.get("template")).get("spec")).get("containers")).get(0));
    // the instance id is the pod's name, which a StatefulSet keeps across restarts
    assertThat(list(container.get("env")))
        .anySatisfy(
            v ->
                assertThat(map(v))
                    .containsEntry("name", "ATLAS_INSTANCE_ID")
                    .containsEntry(
                        "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.name"))));
    // ATLAS_HOME (the image's /var/lib/atlas-gate) is a volume of the replica's own claim
    String home =
        list(container.get("volumeMounts")).stream()
            .map(DeploymentFilesTest::map)
            .filter(m -> "/var/lib/atlas-gate".equals(m.get("mountPath")))
            .map(m -> (String) m.get("name"))
            .findFirst()
            .orElseThrow();
    assertThat(list(spec.get("volumeClaimTemplates")))
        .anySatisfy(t -> assertThat(map(map(t).get("metadata"))).containsEntry("name", home));
    assertThat(list(map(map(spec.get("template")).get("spec")).get("volumes")))
        .noneSatisfy(v -> assertThat(map(v)).containsEntry("name", home));
    assertThat(Files.readString(DEPLOY.resolve("Dockerfile")))
        .contains("ATLAS_HOME=/var/lib/atlas-gate");
    Map<String, Object> headless = yaml("k8s/headless-service.yaml");
    assertThat(map(headless.get("metadata"))).containsEntry("name", spec.get("serviceName"));
    assertThat(map(headless.get("spec"))).containsEntry("clusterIP", "None");
    assertThat(map(map(yaml("k8s/hpa.yaml").get("spec")).get("scaleTargetRef")))
        .containsEntry("kind", "StatefulSet")
        .containsEntry("name", map(set.get("metadata")).get("name"));
  }

  @Test
  void kubernetes_replicasAreProbedLimitedAndLockedDown() throws Exception {
    Map<String, Object> deployment = yaml("k8s/statefulset.yaml");
    Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    assertThat(map(pod.get("securityContext")))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 10001);
    Map<String, Object> container = map(list(pod.get("containers")).get(0));
    assertThat(container).containsKeys("livenessProbe", "readinessProbe", "startupProbe");
    assertThat(map(map(container.get("readinessProbe")).get("httpGet")))
        .containsEntry("path", "/health/ready");
    assertThat(map(map(container.get("resources")).get("limits"))).containsKeys("cpu", "memory");
    assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
    Map<String, Object> security = map(container.get("securityContext"));
    assertThat(security)
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false);
    assertThat(list(map(security.get("capabilities")).get("drop"))).containsExactly("ALL");
    List<String> secretVariables = new ArrayList<>();
    for (Object variable : list(container.get("env"))) {
      Map<String, Object> env = map(variable);
      if (env.containsKey("valueFrom") && map(env.get("valueFrom")).containsKey("secretKeyRef")) {
        secretVariables.add((String) env.get("name"));
      } else {
        assertThat(String.valueOf(env.get("value")))
            .as("%s holds no secret value", env.get("name"))
            .doesNotContain("://")
            .doesNotContainIgnoringCase("password");
      }
    }
    assertThat(secretVariables).containsExactlyInAnyOrder("DATABASE_URL", "REDIS_URL");

    Set<String> kinds = new TreeSet<>();
    for (String file : List.of("service.yaml", "hpa.yaml", "pdb.yaml", "networkpolicy.yaml")) {
      kinds.add((String) yaml("k8s/" + file).get("kind"));
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");
    long manifests;
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      manifests = files.filter(this::isManifest).count();
    }
    assertThat(list(yaml("k8s/kustomization.yaml").get("resources"))).hasSize((int) manifests);
  }

  private boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") && !name.equals("kustomization.yaml");
  }

  @Test
  void image_runsAsNonRoot_withAHealthCheck_andBuildsEveryModule() throws Exception {
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("USER mcp:mcp")
        .contains("jlink")
        .containsPattern("HEALTHCHECK[^\\n]*\\n[^\\n]*atlas-gate\\.jar\", \"healthcheck\"");
    String parent = Files.readString(GatewayProcesses.REPO.resolve("pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (module.find()) {
      assertThat(dockerfile)
          .as("the image copies the POM of module %s", module.group(1))
          .contains("COPY " + module.group(1) + "/pom.xml " + module.group(1) + "/");
    }
  }

  @Test
  void dashboardAndAlerts_useOnlyMetricsTheGatewayServes() throws Exception {
    Set<String> served = servedMetricNames();
    assertThat(served).contains("mcp_requests_total", "mcp_request_duration_seconds_bucket");

    JsonObject dashboard =
        (JsonObject)
            Json.parse(Files.readString(DEPLOY.resolve("grafana/dashboards/atlas-gate.json")));
    Set<String> used = new TreeSet<>();
    for (Json panel : ((JsonArray) dashboard.get("panels").orElseThrow()).elements()) {
      for (Json target :
          ((JsonArray) ((JsonObject) panel).get("targets").orElseThrow()).elements()) {
        used.addAll(metricNames(((JsonObject) target).string("expr").orElseThrow()));
      }
    }
    assertThat(used).hasSizeGreaterThan(8);
    assertThat(served).containsAll(used);

    Set<String> alerting = new TreeSet<>();
    for (Object group : list(yaml("prometheus/alerts.yml").get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        alerting.addAll(metricNames(String.valueOf(map(rule).get("expr"))));
      }
    }
    assertThat(alerting).contains("mcp_requests_total", "jvm_memory_used_bytes");
    assertThat(served).containsAll(alerting);
  }

  private static Set<String> metricNames(String expression) {
    Matcher matcher = METRIC.matcher(expression);
    Set<String> names = new TreeSet<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** Starts a real gateway, makes one call, and reads the names /metrics serves. */
  private Set<String> servedMetricNames() throws Exception {
    Path workspace = Files.createDirectories(temp.resolve("ws"));
    Metrics metrics = new Metrics();
    Wiring wiring =
        Wiring.open(
            SettingsLoader.load(
                Map.of(
                    "ATLAS_HOME", temp.resolve("home").toString(),
                    "MCP_PORT", "0",
                    "ATLAS_INSTANCE_ID", "deploy-check"),
                Map.of(),
                temp),
            metrics);
    try (HttpGateway gateway = HttpGateway.start(wiring, metrics, "test")) {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + gateway.port());
      http.send(
          HttpRequest.newBuilder(base.resolve("/mcp"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"tool\":\"begin_session\",\"workspace_root\":\""
                          + workspace
                          + "\",\"role\":\"WINDSURF\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      String text =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/metrics")).GET().build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return text.lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("[{ ]", 2)[0])
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
