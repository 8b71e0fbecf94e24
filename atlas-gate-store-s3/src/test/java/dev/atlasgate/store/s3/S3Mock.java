package dev.atlasgate.store.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** An in-process S3-compatible server (S3Mock) for the tests, and clients for it. */
final class S3Mock {
  static final String BUCKET = "atlas-audit";

  private S3Mock() {}

  static S3MockExtension extension() {
    return S3MockExtension.builder()
        .silent()
        .withSecureConnection(false)
        .withInitialBuckets(BUCKET)
        .build();
  }

  static S3Client client(S3MockExtension mock) {
    return client(URI.create("http://127.0.0.1:" + mock.getHttpPort()));
  }

  static S3Client client(URI endpoint) {
    return S3Clients.create(
        "us-east-1",
        Optional.of(endpoint),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
  }
}
