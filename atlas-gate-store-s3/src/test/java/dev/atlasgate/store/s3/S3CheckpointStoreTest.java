package dev.atlasgate.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.testing.CheckpointStoreContract;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Checkpoints as create-only S3 objects, locked in compliance mode, on a real S3 server. */
class S3CheckpointStoreTest extends CheckpointStoreContract {
  @RegisterExtension static final S3MockExtension MOCK = S3Mock.extension();
  private static int stores;
  private S3Client client;

  @Override
  protected CheckpointStore newStore() {
    client = S3Mock.client(MOCK);
    return S3CheckpointStore.open(
        client, new S3Location(S3Mock.BUCKET, "contract-" + stores++ + "/"), Duration.ZERO, CLOCK);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);

  @Test
  void theLatestCheckpoint_isTheLargestTree_andAnEarlierNoteIsNeverReplaced() {
    try (S3Client s3 = S3Mock.client(MOCK)) {
      S3CheckpointStore store =
          S3CheckpointStore.open(s3, new S3Location(S3Mock.BUCKET, "plain/"), Duration.ZERO, CLOCK);
      assertThat(store.latest()).isEmpty();
      store.save(signed(5, 1));
      store.save(signed(12, 2));
      store.save(signed(5, 9)); // a second note for size 5 does not replace the first
      assertThat(store.latest().orElseThrow().checkpoint().size()).isEqualTo(12);
      String first =
          s3.getObjectAsBytes(
                  b -> b.bucket(S3Mock.BUCKET).key("plain/" + S3CheckpointStore.name(5)))
              .asUtf8String();
      assertThat(first).isEqualTo(signed(5, 1).note());
      store.save(signed(20, 3));
      assertThat(store.latest().orElseThrow().checkpoint().size()).isEqualTo(20);
    }
  }

  /**
   * S3Mock accepts the Object Lock headers of PutObject but does not record them (it has no object
   * versions, and S3 locks versions), so this test checks what reaches the wire: every checkpoint
   * is put with compliance mode and its retain-until date. On AWS the bucket must have Object Lock
   * enabled; docs/audit.md says so.
   */
  @Test
  void withARetentionPeriod_eachCheckpointIsPutInComplianceMode() {
    List<SdkHttpRequest> puts = new CopyOnWriteArrayList<>();
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.httpRequest().method() == SdkHttpMethod.PUT) {
              puts.add(context.httpRequest());
            }
          }
        };
    try (S3Client s3 =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create("http://127.0.0.1:" + MOCK.getHttpPort()))
            .forcePathStyle(true)
            .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
            .build()) {
      S3CheckpointStore store =
          S3CheckpointStore.open(
              s3, new S3Location(S3Mock.BUCKET, "anchor/"), Duration.ofDays(365), CLOCK);
      store.save(signed(7, 1));
      assertThat(puts).hasSize(1);
      SdkHttpRequest put = puts.getFirst();
      assertThat(put.firstMatchingHeader("x-amz-object-lock-mode")).contains("COMPLIANCE");
      assertThat(put.firstMatchingHeader("x-amz-object-lock-retain-until-date"))
          .contains("2027-12-03T09:00:00Z");
      assertThat(put.firstMatchingHeader("If-None-Match")).contains("*");
      assertThat(store.latest().orElseThrow().checkpoint().size()).isEqualTo(7);
    }
  }
}
