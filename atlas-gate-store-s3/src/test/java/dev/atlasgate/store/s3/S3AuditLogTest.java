package dev.atlasgate.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Segments, several writers, tampering and outages of the S3 audit log, on a real S3 server. */
class S3AuditLogTest {
  @RegisterExtension static final S3MockExtension MOCK = S3Mock.extension();
  private static final List<S3Client> CLIENTS = new ArrayList<>();

  @TempDir Path temp;

  private static S3Client client() {
    S3Client client = S3Mock.client(MOCK);
    CLIENTS.add(client);
    return client;
  }

  @AfterAll
  static void closeClients() {
    CLIENTS.forEach(S3Client::close);
  }

  private static S3Location fresh() {
    return new S3Location(S3Mock.BUCKET, "audit/" + UUID.randomUUID());
  }

  private static AuditEvent event(int n) {
    return new AuditEvent(
        Instant.parse("2026-05-01T08:00:00Z").plusSeconds(n),
        "s3-test",
        Optional.of("session-1"),
        Optional.of("alice"),
        Optional.of("WINDSURF"),
        "read_file",
        Optional.of("/srv/app"),
        Optional.empty(),
        Optional.empty(),
        JsonObject.builder().put("path", "f" + n).build(),
        true,
        Optional.empty(),
        1);
  }

  private static Verification verify(S3AuditLog log) {
    try (Stream<StoredEntry> entries = log.entries(1)) {
      return ChainVerifier.verify(entries);
    }
  }

  private static List<String> segments(S3Client s3, S3Location location) {
    return s3
        .listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.key("segments/")))
        .contents()
        .stream()
        .map(o -> o.key().substring(location.prefix().length()))
        .toList();
  }

  @Test
  void aSegmentIsWritten_whenItsWaitIsOver_orWhenItIsFull() throws Exception {
    S3Client s3 = client();
    S3Location alone = fresh();
    S3AuditLog slow = S3AuditLog.open(s3, alone, new S3AuditLog.Options(3, Duration.ofMillis(10)));
    for (int i = 1; i <= 4; i++) {
      slow.append(event(i));
    }
    assertThat(segments(s3, alone))
        .containsExactly(
            "segments/00000000000000000001.jsonl",
            "segments/00000000000000000002.jsonl",
            "segments/00000000000000000003.jsonl",
            "segments/00000000000000000004.jsonl");

    S3Location busy = fresh();
    S3AuditLog full = S3AuditLog.open(s3, busy, new S3AuditLog.Options(3, Duration.ofSeconds(20)));
    List<Callable<AuditEntry>> callers = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      int n = i;
      callers.add(() -> full.append(event(n)));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(9)) {
      for (Future<AuditEntry> appended : pool.invokeAll(callers)) {
        appended.get();
      }
    }
    assertThat(segments(s3, busy))
        .containsExactly(
            "segments/00000000000000000001.jsonl",
            "segments/00000000000000000004.jsonl",
            "segments/00000000000000000007.jsonl");
    for (String segment : segments(s3, busy)) {
      String text =
          s3.getObjectAsBytes(b -> b.bucket(busy.bucket()).key(busy.key(segment))).asUtf8String();
      assertThat(text.lines()).hasSize(3);
    }

    Verification verification = verify(full);
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(9);
    try (Stream<StoredEntry> fromFive = full.entries(5)) {
      assertThat(fromFive.map(e -> ((StoredEntry.Readable) e).json().get("seq").orElseThrow()))
          .extracting(seq -> seq.write())
          .containsExactly("5", "6", "7", "8", "9");
    }
  }

  @Test
  void twoWriters_eachWithAStaleView_neverForkTheChain() {
    S3Location location = fresh();
    S3AuditLog first = S3AuditLog.open(client(), location, S3AuditLog.Options.DEFAULT);
    S3AuditLog second = S3AuditLog.open(client(), location, S3AuditLog.Options.DEFAULT);

    AuditEntry one = first.append(event(1));
    AuditEntry two = second.append(event(2)); // believed the log empty: its new segment loses
    AuditEntry three = first.append(event(3)); // its open segment changed under it: If-Match loses
    AuditEntry four = second.append(event(4));

    assertThat(List.of(one, two, three, four))
        .extracting(AuditEntry::seq)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(two.prevHash()).isEqualTo(one.hash());
    assertThat(three.prevHash()).isEqualTo(two.hash());
    assertThat(four.prevHash()).isEqualTo(three.hash());
    Verification verification = verify(first);
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(verification.entriesChecked()).isEqualTo(4);
    assertThat(first.head()).isEqualTo(second.head());
  }

  @Test
  void tampering_isFoundAndLocated() {
    S3Client s3 = client();
    S3Location location = fresh();
    S3AuditLog log = S3AuditLog.open(s3, location, new S3AuditLog.Options(1, Duration.ZERO));
    for (int i = 1; i <= 6; i++) {
      log.append(event(i));
    }
    String second = location.key("segments/00000000000000000003.jsonl");
    String original =
        s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(second)).asUtf8String();

    put(s3, location, second, original.replace("\"f3\"", "\"f3-edited\""));
    Verification edited = verify(log);
    assertThat(edited.valid()).isFalse();
    assertThat(edited.firstInvalidSeq()).contains(3L);

    s3.deleteObject(b -> b.bucket(location.bucket()).key(second));
    Verification deleted = verify(log);
    assertThat(deleted.valid()).isFalse();
    assertThat(deleted.firstInvalidSeq()).contains(3L);
    assertThat(deleted.reason()).contains("SEQ_GAP");

    put(s3, location, second, original);
    assertThat(verify(log).valid()).isTrue();
    put(s3, location, location.key("segments/notes.txt"), "hello");
    Verification foreign = verify(log);
    assertThat(foreign.valid()).isFalse();
    assertThat(foreign.detail().orElse("") + foreign.reason().orElse("")).isNotEmpty();
  }

  @Test
  void anUnreachableStore_failsClosed_andTheLogRecoversWhenItIsBack() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    S3Client s3 = S3Mock.client(endpoint);
    CLIENTS.add(s3);
    assertThatThrownBy(() -> S3AuditLog.open(s3, fresh(), S3AuditLog.Options.DEFAULT))
        .isInstanceOf(GateException.class)
        .satisfies(
            e -> assertThat(((GateException) e).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));

    S3MockExtension server = restartable(port);
    server.start();
    S3Location location = fresh();
    S3AuditLog log = S3AuditLog.open(s3, location, S3AuditLog.Options.DEFAULT);
    AuditEntry first = log.append(event(1));
    server.stop();
    assertThatThrownBy(() -> log.append(event(2)))
        .isInstanceOf(GateException.class)
        .satisfies(
            e -> assertThat(((GateException) e).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE));

    server = restartable(port);
    server.start();
    try {
      AuditEntry second = log.append(event(3));
      assertThat(second.seq()).isEqualTo(2);
      assertThat(second.prevHash()).isEqualTo(first.hash());
      assertThat(verify(log).entriesChecked()).isEqualTo(2);
    } finally {
      server.stop();
    }
  }

  private S3MockExtension restartable(int port) {
    return S3MockExtension.builder()
        .silent()
        .withSecureConnection(false)
        .withHttpPort(port)
        .withInitialBuckets(S3Mock.BUCKET)
        .withRootFolder(temp.resolve("s3-root").toString())
        .withRetainFilesOnExit(true)
        .build();
  }

  private static void put(S3Client s3, S3Location location, String key, String text) {
    s3.putObject(
        b -> b.bucket(location.bucket()).key(key),
        RequestBody.fromString(text, StandardCharsets.UTF_8));
  }
}
