package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * A directory held open: every name is looked up relative to it ({@code *at} system calls), and
 * never through a symlink. {@code owned} directories are closed by {@link #close()}; the root is
 * closed with its workspace.
 */
record Dir(SecureDirectoryStream<Path> stream, boolean owned) implements AutoCloseable {
  private static final Set<OpenOption> READ =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  // The stream is closed here when refused, else handed to the Dir that owns and closes it.
  @SuppressWarnings("StreamResourceLeak")
  static Dir root(Path root) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(root);
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      throw new IOException("this platform has no race-free directory access");
    }
    return new Dir(secure, false);
  }

  /** Whether this directory is the one {@code path} names now (not through a final symlink). */
  boolean isAt(Path path) {
    try {
      Object mine =
          stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
      BasicFileAttributes there =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return there.isDirectory() && mine.equals(there.fileKey());
    } catch (IOException e) {
      return false;
    }
  }

  /** The attributes of entry {@code name}, not following a symlink; empty when there is none. */
  Optional<PosixFileAttributes> stat(String name) {
    try {
      return Optional.of(
          stream
              .getFileAttributeView(
                  Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new GateException(ErrorCode.INTERNAL_ERROR, "cannot look up a workspace entry", e);
    }
  }

  /** Opens subdirectory {@code name}; empty when it is not a directory (or is a symlink). */
  Optional<Dir> openDirectory(String name) {
    try {
      return Optional.of(
          new Dir(stream.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), true));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Opens regular file {@code name} for reading, never through a symlink. */
  SeekableByteChannel read(String name) throws IOException {
    return stream.newByteChannel(Path.of(name), READ);
  }

  /** Removes entry {@code name} if it is there and is not a directory. */
  void deleteFileQuietly(String name) {
    try {
      stream.deleteFile(Path.of(name));
    } catch (IOException e) {
      // Gone already, or never made: either way nothing is left to remove.
    }
  }

  /** Removes directory {@code name} if it is there and empty. */
  void deleteDirectoryQuietly(String name) {
    try {
      stream.deleteDirectory(Path.of(name));
    } catch (IOException e) {
      // Gone already, or holding files again: it stays.
    }
  }

  @Override
  public void close() {
    if (owned) {
      closeQuietly(stream);
    }
  }

  static void closeQuietly(SecureDirectoryStream<Path> stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Closing a directory descriptor frees it whatever the answer.
    }
  }
}
