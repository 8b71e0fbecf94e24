package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

/** How the server names itself at {@code initialize}. */
public record ServerInfo(String name, String title, String version) {
  public ServerInfo {
    requireNonNull(name, "name is null");
    requireNonNull(title, "title is null");
    requireNonNull(version, "version is null");
  }
}
