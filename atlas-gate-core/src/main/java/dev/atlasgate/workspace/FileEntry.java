package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A regular file of the workspace, as listed. */
public record FileEntry(String path, long size, Optional<String> sha256) {
  public FileEntry {
    requireNonNull(path, "path is null");
    requireNonNull(sha256, "sha256 is null");
  }
}
