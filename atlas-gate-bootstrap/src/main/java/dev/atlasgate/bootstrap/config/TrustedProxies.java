package dev.atlasgate.bootstrap.config;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed ({@code TRUSTED_PROXIES}): IP addresses and
 * CIDR blocks, IPv4 or IPv6. None by default: then the client is always the direct peer.
 */
public final class TrustedProxies {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Block> blocks;
  private final List<String> text;

  private TrustedProxies(List<Block> blocks, List<String> text) {
    this.blocks = List.copyOf(blocks);
    this.text = List.copyOf(text);
  }

  /** No proxy is trusted. */
  public static TrustedProxies none() {
    return new TrustedProxies(List.of(), List.of());
  }

  /**
   * Parses addresses and blocks such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code fd00::/8}.
   *
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  public static TrustedProxies parse(List<String> entries) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : entries) {
      blocks.add(Block.parse(entry));
    }
    return new TrustedProxies(blocks, entries);
  }

  /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
  public boolean contains(String address) {
    // With none trusted (the default) nothing is parsed: this runs for every request.
    return !blocks.isEmpty() && literal(address).map(this::contains).orElse(false);
  }

  private boolean contains(InetAddress address) {
    return blocks.stream().anyMatch(b -> b.contains(address));
  }

  /**
   * The client's address: the direct peer, unless it is a trusted proxy; then the right-most
   * address of {@code forwardedFor} (the {@code X-Forwarded-For} entries, in order) that is not a
   * trusted proxy. Entries left of it were written by the client and prove nothing.
   */
  public String client(String direct, List<String> forwardedFor) {
    String hop = direct;
    if (!contains(direct)) {
      return hop;
    }
    for (int i = forwardedFor.size() - 1; i >= 0; i--) {
      Optional<InetAddress> address = literal(forwardedFor.get(i));
      if (address.isEmpty()) {
        return hop; // not an address: a trusted proxy did not write it
      }
      hop = address.get().getHostAddress();
      if (!contains(address.get())) {
        return hop;
      }
    }
    return hop;
  }

  /** The entries as configured. */
  public List<String> entries() {
    return text;
  }

  /** An IP literal as an address, without any name lookup; empty for anything else. */
  static Optional<InetAddress> literal(String value) {
    String bare = value.trim();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "none" : String.join(",", text);
  }

  /** One address block: the first {@code prefix} bits of {@code network}, of {@code bytes}. */
  private record Block(BigInteger network, int bytes, int prefix) {
    Block {
      requireNonNull(network, "network is null");
    }

    static Block parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] parsed =
          literal(address)
              .orElseThrow(() -> new IllegalArgumentException(entry + " is not an IP address"))
              .getAddress();
      int bits = parsed.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException(entry + " has no prefix length from 0 to " + bits);
        }
      }
      return new Block(new BigInteger(1, parsed).shiftRight(bits - prefix), parsed.length, prefix);
    }

    boolean contains(InetAddress address) {
      byte[] other = address.getAddress();
      return other.length == bytes
          && new BigInteger(1, other).shiftRight(bytes * 8 - prefix).equals(network);
    }
  }
}
