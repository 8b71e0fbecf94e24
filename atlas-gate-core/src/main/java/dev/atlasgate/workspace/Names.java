package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The syntax of workspace paths and the names no agent may touch. */
final class Names {
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private Names() {}

  /**
   * The segments of a workspace-relative path asked for, without {@code .} and empty ones; refuses
   * what could name a place outside ({@code ..}, absolute paths, backslashes, NUL) and, at any
   * depth, a protected name.
   */
  static List<String> segments(String relative) {
    if (relative == null || relative.isEmpty()) {
      throw new GateException(ErrorCode.INVALID_ARGUMENT, "path is empty");
    }
    if (relative.indexOf('\0') >= 0) {
      throw outside(relative, "contains a NUL character");
    }
    if (relative.indexOf('\\') >= 0) {
      throw outside(relative, "contains a backslash; use '/' between segments");
    }
    if (relative.startsWith("/") || DRIVE.matcher(relative).matches()) {
      throw outside(relative, "is absolute; paths are relative to the workspace");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : relative.split("/")) {
      if (segment.equals("..")) {
        throw outside(relative, "contains a '..' segment");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    for (String segment : segments) {
      requireUnprotected(segment, relative);
    }
    return segments;
  }

  /**
   * Whether a file or directory of this name is one agents never read, write or list: {@code .git}
   * and {@code .atlas-gate} and the staging files' names, in any letter case.
   */
  static boolean isProtected(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals(".git") || lower.equals(".atlas-gate") || StagingName.isReserved(lower);
  }

  static void requireUnprotected(String segment, String relative) {
    if (isProtected(segment)) {
      throw new GateException(
          ErrorCode.PATH_PROTECTED, "path " + printable(relative) + " is protected");
    }
  }

  static GateException outside(String relative, String why) {
    return new GateException(
        ErrorCode.PATH_OUTSIDE_WORKSPACE, "path \"" + printable(relative) + "\" " + why);
  }

  static String printable(String text) {
    return text.replace("\0", "\\0");
  }
}
