package dev.atlasgate.workspace;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The names of staging files: {@code .atlas-gate-tmp-<id>.<target name>.part}, in the target's own
 * directory, so that the file alone says which write it holds and which file it replaces.
 */
final class StagingName {
  static final String PREFIX = ".atlas-gate-tmp-";
  static final String SUFFIX = ".part";

  /** The longest file name most file systems take (bytes of UTF-8). */
  static final int MAX_NAME_BYTES = 255;

  private StagingName() {}

  static String of(StagingId id, String targetName) {
    return PREFIX + id.value() + "." + targetName + SUFFIX;
  }

  /** Whether a target of this name can be staged beside it (the staging name must fit too). */
  static boolean fits(StagingId id, String targetName) {
    return of(id, targetName).getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
  }

  /** Whether {@code name} is reserved for staging files, in any letter case. */
  static boolean isReserved(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
  }

  /** The write a staging file of this name holds, when it is one this gateway made. */
  static Optional<Parsed> parse(String name) {
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String middle = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
    int dot = middle.indexOf('.');
    if (dot < 0 || dot == middle.length() - 1) {
      return Optional.empty();
    }
    String target = middle.substring(dot + 1);
    try {
      return Optional.of(new Parsed(new StagingId(middle.substring(0, dot)), target));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  /** A staging file name taken apart. */
  record Parsed(StagingId id, String targetName) {}
}
