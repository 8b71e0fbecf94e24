package dev.atlasgate.bootstrap.config;

/**
 * A configuration value that cannot be used; the message names the variable and what it accepts.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
