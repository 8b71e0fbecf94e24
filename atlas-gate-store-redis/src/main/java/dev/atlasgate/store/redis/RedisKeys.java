package dev.atlasgate.store.redis;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.session.SessionId;
import java.util.regex.Pattern;

/**
 * The names of the keys the Redis backends use, all under one prefix.
 *
 * <p>Session keys carry the prefix as a hash tag ({@code {prefix}:…}) so that on a Redis Cluster
 * they share one slot, which the atomic scripts that touch a session and its index need. Rate limit
 * buckets are single keys and spread over the cluster.
 */
record RedisKeys(String prefix) {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  RedisKeys {
    requireNonNull(prefix, "prefix is null");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "key prefix must be 1 to 64 characters of [A-Za-z0-9._:-], not \"" + prefix + "\"");
    }
  }

  /** A governance session: its JSON, with a TTL. */
  String session(SessionId id) {
    return sessionPrefix() + id.value();
  }

  /** What every governance session's key starts with: the key of session {@code id} goes on. */
  String sessionPrefix() {
    return "{" + prefix + "}:session:";
  }

  /** All governance sessions: ids scored by expiry. */
  String sessionIndex() {
    return "{" + prefix + "}:sessions";
  }

  /** The governance sessions of one principal: ids scored by expiry. */
  String sessionIndex(String principal) {
    return "{" + prefix + "}:principal-sessions:" + principal;
  }

  /** A transport session: its JSON, with a TTL. */
  String transport(String id) {
    return "{" + prefix + "}:transport:" + id;
  }

  /** The transport sessions of one principal: ids scored by expiry. */
  String transportIndex(String principal) {
    return "{" + prefix + "}:transports:" + principal;
  }

  /** The token bucket of one rate limit key. */
  String bucket(String key) {
    return prefix + ":rate:" + key;
  }
}
