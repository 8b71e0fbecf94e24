package dev.atlasgate.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address is the client's, given the direct peer and X-Forwarded-For. */
class TrustedProxiesTest {
  private final TrustedProxies proxies =
      TrustedProxies.parse(List.of("10.0.0.0/8", "::1", "fd00::/8"));

  @Test
  void untrustedPeer_isTheClient_whateverItForwards() {
    assertThat(proxies.client("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
    assertThat(TrustedProxies.none().client("127.0.0.1", List.of("198.51.100.1")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void trustedPeer_theRightMostUntrustedAddressIsTheClient() {
    assertThat(proxies.client("10.1.2.3", List.of("1.1.1.1", "198.51.100.9", "10.9.9.9")))
        .isEqualTo("198.51.100.9");
  }

  @Test
  void trustedPeer_withNothingOrGarbageForwarded_isTheLastTrustedHop() {
    assertThat(proxies.client("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
    assertThat(proxies.client("10.1.2.3", List.of("1.1.1.1", "not-an-ip"))).isEqualTo("10.1.2.3");
    assertThat(proxies.client("10.1.2.3", List.of("10.4.4.4"))).isEqualTo("10.4.4.4");
  }

  @Test
  void ipv6_blocksAndAddresses() {
    assertThat(proxies.contains("::1")).isTrue();
    assertThat(proxies.contains("[::1]")).isTrue();
    assertThat(proxies.contains("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(proxies.contains("fd12:3456::1")).isTrue();
    assertThat(proxies.contains("fe80::1")).isFalse();
    assertThat(proxies.contains("11.0.0.1")).isFalse();
    assertThat(proxies.contains("localhost")).as("names are never looked up").isFalse();
  }
}
