package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

/**
 * A staging file found in a workspace: the content of a write that was staged and neither committed
 * nor removed (the process stopped in between).
 *
 * @param targetPath the workspace-relative path the staged file replaces when rolled forward
 * @param id the id the write was staged under
 */
public record StagedFile(String targetPath, StagingId id) {
  public StagedFile {
    requireNonNull(targetPath, "targetPath is null");
    requireNonNull(id, "id is null");
  }
}
