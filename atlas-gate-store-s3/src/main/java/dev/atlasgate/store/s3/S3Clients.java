package dev.atlasgate.store.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds S3 clients for AWS or for an S3-compatible store at another endpoint. */
public final class S3Clients {
  private S3Clients() {}

  /**
   * A client for {@code region}; with {@code endpoint} (an S3-compatible store such as MinIO),
   * path-style addressing. Credentials come from the AWS default chain (environment, profile,
   * container or instance role).
   */
  public static S3Client create(String region, Optional<URI> endpoint) {
    return create(region, endpoint, DefaultCredentialsProvider.builder().build());
  }

  /** A client with the given credentials. */
  public static S3Client create(
      String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
    var builder =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)));
    endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    return builder.build();
  }
}
