package dev.atlasgate.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.testing.AuditLogContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest extends AuditLogContract {
  @TempDir Path temp;

  private Path file() {
    return temp.resolve("audit/audit.jsonl");
  }

  @Override
  protected AuditLog newLog() {
    return FileAuditLog.open(file());
  }

  @Override
  protected AuditLog reopen() {
    return FileAuditLog.open(file());
  }

  private static Verification verify(Path file) {
    try (FileAuditLog log = FileAuditLog.open(file);
        Stream<StoredEntry> entries = log.entries(1)) {
      return ChainVerifier.verify(entries);
    }
  }

  @Test
  void eachEntryIsOneLineOfItsJson() throws Exception {
    try (FileAuditLog log = FileAuditLog.open(file())) {
      AuditEntry entry = log.append(event("read_file", 1));
      assertThat(Files.readString(file())).isEqualTo(entry.toJson().write() + "\n");
    }
  }

  @Test
  void twoProcessesAndThisOne_shareOneChainWithoutFork() throws Exception {
    Path file = file();
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  AppendMain.class.getName(),
                  file.toString(),
                  "300",
                  "child-" + i)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
    try (FileAuditLog log = FileAuditLog.open(file)) {
      for (int i = 0; i < 300; i++) {
        log.append(event("read_file", i));
      }
    }
    for (Process child : children) {
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished in time").isTrue();
      assertThat(child.exitValue()).isZero();
    }
    Set<Long> seqs = new HashSet<>();
    try (FileAuditLog log = FileAuditLog.open(file);
        Stream<StoredEntry> entries = log.entries(1)) {
      entries.forEach(e -> seqs.add(AuditEntry.fromJson(((StoredEntry.Readable) e).json()).seq()));
    }
    assertThat(seqs).hasSize(900);
    assertThat(Files.readAllLines(file)).hasSize(900);
    Verification verification = verify(file);
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(verification.headSeq()).isEqualTo(900);
  }

  @Test
  void tornLastLine_isCutBeforeTheNextAppend() throws Exception {
    AuditEntry second;
    try (FileAuditLog log = FileAuditLog.open(file())) {
      log.append(event("read_file", 1));
      second = log.append(event("read_file", 2));
    }
    Files.writeString(file(), "{\"seq\":3,\"ts\":\"2026-", StandardOpenOption.APPEND);
    try (FileAuditLog log = FileAuditLog.open(file())) {
      assertThat(log.head()).isEqualTo(new AuditHead(2, second.hash()));
      AuditEntry third = log.append(event("read_file", 3));
      assertThat(third.seq()).isEqualTo(3);
      assertThat(third.prevHash()).isEqualTo(second.hash());
    }
    assertThat(Files.readAllLines(file())).hasSize(3);
    assertThat(verify(file()).valid()).isTrue();
  }

  @Test
  void unwritableLog_failsClosed_andRecoversWhenTheFileIsBack() throws Exception {
    try (FileAuditLog log = FileAuditLog.open(file())) {
      AuditEntry first = log.append(event("read_file", 1));
      Path aside = temp.resolve("aside.jsonl");
      Files.move(file(), aside);
      Files.createDirectory(file());

      assertThatThrownBy(() -> log.append(event("write_file", 2)))
          .isInstanceOf(GateException.class)
          .satisfies(
              e -> assertThat(((GateException) e).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE))
          .hasMessageContaining(file().toString());

      Files.delete(file());
      Files.move(aside, file());
      AuditEntry second = log.append(event("write_file", 3));
      assertThat(second.seq()).isEqualTo(2);
      assertThat(second.prevHash()).isEqualTo(first.hash());
    }
    assertThat(Files.readAllLines(file())).hasSize(2);
    assertThat(verify(file()).valid()).isTrue();
  }

  @Test
  void removedLog_isNotSilentlyRestarted() throws Exception {
    try (FileAuditLog log = FileAuditLog.open(file())) {
      log.append(event("read_file", 1));
      Files.delete(file());
      assertThatThrownBy(() -> log.append(event("read_file", 2)))
          .isInstanceOf(GateException.class)
          .hasMessageContaining("is gone");
      assertThat(Files.exists(file())).isFalse();
    }
  }

  @Test
  void malformedLastEntry_refusesToExtendTheChain() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "not json at all\n", StandardCharsets.UTF_8);
    try (FileAuditLog log = FileAuditLog.open(file())) {
      assertThatThrownBy(() -> log.append(event("read_file", 1)))
          .isInstanceOf(GateException.class)
          .hasMessageContaining("malformed");
    }
    assertThat(Files.readString(file())).isEqualTo("not json at all\n");
  }
}
