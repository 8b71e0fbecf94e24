package dev.atlasgate.mcp;

import java.util.List;

/** The MCP protocol revisions this server speaks, newest first. */
public final class ProtocolVersions {
  public static final String LATEST = "2025-11-25";
  public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26");

  private ProtocolVersions() {}

  /** The client's revision when supported, else the newest this server speaks. */
  public static String negotiate(String requested) {
    return SUPPORTED.contains(requested) ? requested : LATEST;
  }

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }
}
