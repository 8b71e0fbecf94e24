package dev.atlasgate.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

  private static RedisCredentials credentials(RedisURI node) {
    return node.getCredentialsProvider().resolveCredentials().block();
  }

  @Test
  void standalone_withUserPasswordAndDatabase() {
    RedisUrl url = RedisUrl.parse("redis://gate:s3cret@redis.internal:6380/2");
    assertThat(url.kind()).isEqualTo(RedisUrl.Kind.STANDALONE);
    RedisURI node = url.nodes().getFirst();
    assertThat(node.getHost()).isEqualTo("redis.internal");
    assertThat(node.getPort()).isEqualTo(6380);
    assertThat(node.getDatabase()).isEqualTo(2);
    assertThat(credentials(node).getUsername()).isEqualTo("gate");
    assertThat(new String(credentials(node).getPassword())).isEqualTo("s3cret");
    assertThat(node.isSsl()).isFalse();
  }

  @Test
  void passwordWithoutUser_isAPassword() {
    RedisURI node = RedisUrl.parse("redis://hunter2@h:6379").nodes().getFirst();
    assertThat(credentials(node).hasUsername()).isFalse();
    assertThat(new String(credentials(node).getPassword())).isEqualTo("hunter2");
    assertThat(RedisUrl.parse("redis://hunter2@h:6379").redacted()).isEqualTo("redis://***@h:6379");
  }

  @Test
  void rediss_isTls() {
    RedisUrl url = RedisUrl.parse("rediss://:pw@cache.example.com:6379");
    assertThat(url.nodes().getFirst().isSsl()).isTrue();
    assertThat(url.redacted()).isEqualTo("rediss://:***@cache.example.com:6379");
  }

  @Test
  void sentinel_withSeveralSentinelsAndMaster() {
    RedisUrl url = RedisUrl.parse("redis-sentinel://pw@s1:26379,s2:26380/1#mymaster");
    assertThat(url.kind()).isEqualTo(RedisUrl.Kind.SENTINEL);
    RedisURI node = url.nodes().getFirst();
    assertThat(node.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(node.getSentinels())
        .extracting(RedisURI::getHost, RedisURI::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s1", 26379),
            org.assertj.core.groups.Tuple.tuple("s2", 26380));
    assertThat(node.getDatabase()).isEqualTo(1);
    assertThat(url.redacted()).isEqualTo("redis-sentinel://***@s1:26379,s2:26380/1#mymaster");
  }

  @Test
  void sentinel_withoutMaster_isRefused() {
    assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://s1:26379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentinelMasterId");
  }

  @Test
  void cluster_seedNodesShareCredentialsAndTls() {
    RedisUrl url = RedisUrl.parse("rediss-cluster://app:pw@n1:7000,n2:7001,[::1]:7002");
    assertThat(url.kind()).isEqualTo(RedisUrl.Kind.CLUSTER);
    assertThat(url.nodes())
        .extracting(
            RedisURI::getHost,
            RedisURI::getPort,
            RedisURI::isSsl,
            n -> credentials(n).getUsername())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("n1", 7000, true, "app"),
            org.assertj.core.groups.Tuple.tuple("n2", 7001, true, "app"),
            org.assertj.core.groups.Tuple.tuple("[::1]", 7002, true, "app"));
    assertThat(url.toString()).isEqualTo("rediss-cluster://app:***@n1:7000,n2:7001,[::1]:7002");
  }

  @Test
  void cluster_withQueryOptions_passesThemToEachNode() {
    RedisUrl url = RedisUrl.parse("redis-cluster://n1:7000,n2:7001?timeout=5s");
    assertThat(url.nodes())
        .allSatisfy(n -> assertThat(n.getTimeout()).isEqualTo(Duration.ofSeconds(5)));
  }

  @Test
  void cluster_withADatabase_isRefused() {
    assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://n1:7000/3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database 0 only");
  }

  @Test
  void badUrls_areRefusedRedactedWithTheAcceptedForms() {
    assertThatThrownBy(() -> RedisUrl.parse("http://user:hunter2@host:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"http://user:***@host:6379\"")
        .hasMessageContaining("unknown scheme \"http\"")
        .hasMessageContaining("redis-sentinel://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisUrl.parse("localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
    assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://n1:7000,,n2:7001"))
        .hasMessageContaining("empty host");
    assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void redaction_hidesOnlyThePassword() {
    assertThat(RedisUrl.redact("redis://host:6379/0")).isEqualTo("redis://host:6379/0");
    assertThat(RedisUrl.redact("redis://pw@host")).isEqualTo("redis://***@host");
    assertThat(RedisUrl.redact("redis://user:p@ss@host:1")).isEqualTo("redis://user:***@host:1");
    assertThat(RedisUrl.redact("redis://host/0#a@b")).isEqualTo("redis://host/0#a@b");
  }

  @Test
  void equalUrls_areEqual() {
    assertThat(RedisUrl.parse("redis://h:1")).isEqualTo(RedisUrl.parse("redis://h:1"));
    assertThat(RedisUrl.parse("redis://h:1")).isNotEqualTo(RedisUrl.parse("redis://h:2"));
  }
}
