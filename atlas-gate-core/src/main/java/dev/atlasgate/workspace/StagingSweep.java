package dev.atlasgate.workspace;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.workspace.Confinement.Missing;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the staging files left in a workspace and completes or removes them. */
final class StagingSweep {
  private StagingSweep() {}

  static List<StagedFile> find(Confinement confinement) {
    List<StagedFile> found = new ArrayList<>();
    try (Dir root =
        confinement.rootDir().openDirectory(".").orElseThrow(StagingSweep::unreadable)) {
      FileTree.walk(
          confinement,
          root,
          List.of(),
          (dirs, name, attributes) -> {
            if (attributes.isRegularFile()) {
              StagingName.parse(name)
                  .filter(p -> isTargetName(p.targetName()))
                  .ifPresent(p -> found.add(new StagedFile(path(dirs, p.targetName()), p.id())));
            }
          });
    }
    return found;
  }

  static void rollForward(Confinement confinement, StagedFile staged) {
    Optional<Dir> held = directoryOf(confinement, staged);
    if (held.isEmpty()) {
      return;
    }
    try (Dir dir = held.get()) {
      String name = targetName(staged);
      String staging = StagingName.of(staged.id(), name);
      if (dir.stat(staging).filter(PosixFileAttributes::isRegularFile).isEmpty()) {
        return;
      }
      PreparedWrite.renameIntoPlace(dir, staging, name);
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.INTERNAL_ERROR, "cannot complete the write of " + staged.targetPath(), e);
    }
  }

  static void discard(Confinement confinement, StagedFile staged) {
    Optional<Dir> held = directoryOf(confinement, staged);
    if (held.isEmpty()) {
      return;
    }
    try (Dir dir = held.get()) {
      dir.stream().deleteFile(Path.of(StagingName.of(staged.id(), targetName(staged))));
    } catch (NoSuchFileException gone) {
      // Removed already: nothing left to do.
    } catch (IOException e) {
      throw new GateException(
          ErrorCode.INTERNAL_ERROR, "cannot remove the staged write of " + staged.targetPath(), e);
    }
  }

  /**
   * The directory of the staged file's target, held open; empty when there is no such directory any
   * more (and so no staged file either).
   */
  private static Optional<Dir> directoryOf(Confinement confinement, StagedFile staged) {
    String target = String.join("/", Names.segments(staged.targetPath()));
    int slash = target.lastIndexOf('/');
    String dir = slash < 0 ? "." : target.substring(0, slash);
    try (Located located = confinement.locate(dir, Missing.REFUSE, new ArrayList<>())) {
      return FileTree.open(located);
    } catch (GateException e) {
      if (e.code() == ErrorCode.FILE_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String targetName(StagedFile staged) {
    List<String> segments = Names.segments(staged.targetPath());
    return segments.getLast();
  }

  private static boolean isTargetName(String name) {
    return !name.contains("/")
        && !name.equals(".")
        && !name.equals("..")
        && !Names.isProtected(name);
  }

  private static String path(List<String> dirs, String name) {
    return dirs.isEmpty() ? name : String.join("/", dirs) + "/" + name;
  }

  private static GateException unreadable() {
    return new GateException(ErrorCode.INTERNAL_ERROR, "cannot read the workspace root");
  }
}
