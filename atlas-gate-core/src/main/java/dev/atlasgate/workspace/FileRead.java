package dev.atlasgate.workspace;

import static java.util.Objects.requireNonNull;

/**
 * A slice of a file read from the workspace.
 *
 * @param size the size of the whole file
 * @param sha256 the lowercase hex SHA-256 of the whole file
 * @param binary true when the slice is not valid UTF-8 or holds a NUL byte
 */
// The slice read is handed on as is (no copy on the read path); a read is never compared.
@SuppressWarnings("ArrayRecordComponent")
public record FileRead(
    String path, byte[] content, long size, String sha256, long offset, boolean binary) {
  public FileRead {
    requireNonNull(path, "path is null");
    requireNonNull(content, "content is null");
    requireNonNull(sha256, "sha256 is null");
  }
}
