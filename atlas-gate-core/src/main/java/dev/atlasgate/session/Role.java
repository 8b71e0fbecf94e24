package dev.atlasgate.session;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.util.Locale;

/** The role an agent session acts in: it decides which tools the session may use. */
public enum Role {
  /** The planner: writes plans, never files. */
  ANTIGRAVITY,
  /** The executor: writes files that an approved plan names, never plans. */
  WINDSURF;

  /** Parses a role name, case-insensitively, refusing anything else with a clear message. */
  public static Role parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GateException(
          ErrorCode.INVALID_ARGUMENT,
          "role must be ANTIGRAVITY or WINDSURF, not \"" + value + "\"");
    }
  }
}
