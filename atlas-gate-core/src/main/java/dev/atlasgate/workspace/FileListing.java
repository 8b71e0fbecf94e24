package dev.atlasgate.workspace;

import java.util.List;

/** Files listed under a directory, sorted by path; {@code truncated} when the limit cut it. */
public record FileListing(List<FileEntry> files, boolean truncated) {
  public FileListing {
    files = List.copyOf(files);
  }
}
