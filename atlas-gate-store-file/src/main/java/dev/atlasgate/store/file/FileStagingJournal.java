package dev.atlasgate.store.file;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.gateway.StagingJournal;
import dev.atlasgate.json.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link StagingJournal} of one instance in its state directory: {@code
 * recovery/<instance>.roots}, one workspace root per line, appended and synced once per root, and
 * {@code recovery/<instance>.mark}, the seq up to which the instance's writes are settled. A write
 * to a root already recorded costs nothing.
 */
public final class FileStagingJournal implements StagingJournal {
  private final Path rootsFile;
  private final Path markFile;
  private final Set<Path> known = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();

  private FileStagingJournal(Path rootsFile, Path markFile) {
    this.rootsFile = rootsFile;
    this.markFile = markFile;
  }

  /** The journal of {@code instance} under {@code stateDir} (ATLAS_HOME), created if needed. */
  public static FileStagingJournal open(Path stateDir, String instance) {
    requireNonNull(stateDir, "stateDir is null");
    String name = Sha256.hex(requireNonNull(instance, "instance is null")).substring(0, 16);
    Path dir = stateDir.resolve("recovery");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    FileStagingJournal journal =
        new FileStagingJournal(dir.resolve(name + ".roots"), dir.resolve(name + ".mark"));
    journal.known.addAll(journal.roots());
    return journal;
  }

  @Override
  public void addRoot(Path root) {
    if (known.contains(root)) {
      return;
    }
    lock.lock();
    try (FileChannel out =
        FileChannel.open(
            rootsFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      if (known.contains(root)) {
        return;
      }
      ByteBuffer line = ByteBuffer.wrap((root + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        out.write(line);
      }
      out.force(true);
      known.add(root);
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.INTERNAL_ERROR, "cannot record the workspace in the recovery journal", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<Path> roots() {
    try {
      Set<Path> roots = new LinkedHashSet<>();
      if (Files.exists(rootsFile)) {
        for (String line : Files.readAllLines(rootsFile, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            roots.add(Path.of(line));
          }
        }
      }
      return roots;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + rootsFile, e);
    }
  }

  @Override
  public long recoveredTo() {
    try {
      return Files.exists(markFile) ? Long.parseLong(Files.readString(markFile).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      // Without a mark the whole log is read: slower, never wrong.
      return 0;
    }
  }

  @Override
  public void recoveredTo(long seq) {
    try {
      AtomicFiles.write(markFile, Long.toString(seq));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + markFile, e);
    }
  }
}
