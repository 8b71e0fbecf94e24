package dev.atlasgate.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The command-line options of the audit checkpoints, one per variable. */
final class CheckpointOptions {
  @Option(
      names = "--checkpoint-key",
      paramLabel = "FILE",
      description =
          "Private key that signs checkpoints (ATLAS_CHECKPOINT_KEY; none: no checkpoints).")
  String key;

  @Option(
      names = "--checkpoint-origin",
      paramLabel = "ORIGIN",
      description = "First line of each checkpoint (ATLAS_CHECKPOINT_ORIGIN, default atlas-gate).")
  String origin;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      description = "Entries between checkpoints at most (ATLAS_CHECKPOINT_EVERY, default 1000).")
  String every;

  @Option(
      names = "--checkpoint-seconds",
      paramLabel = "S",
      description = "Seconds between checkpoints at most (ATLAS_CHECKPOINT_SECONDS, default 10).")
  String seconds;

  @Option(
      names = "--checkpoint-anchor",
      paramLabel = "s3://BUCKET/PREFIX",
      description = "Also write every checkpoint to this S3 location (ATLAS_CHECKPOINT_ANCHOR).")
  String anchor;

  @Option(
      names = "--checkpoint-retention-days",
      paramLabel = "DAYS",
      description =
          "S3 Object Lock retention, compliance mode, of checkpoint objects"
              + " (ATLAS_CHECKPOINT_RETENTION_DAYS, default 0: no lock).")
  String retentionDays;

  Map<String, String> asVariables() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("ATLAS_CHECKPOINT_KEY", key);
    values.put("ATLAS_CHECKPOINT_ORIGIN", origin);
    values.put("ATLAS_CHECKPOINT_EVERY", every);
    values.put("ATLAS_CHECKPOINT_SECONDS", seconds);
    values.put("ATLAS_CHECKPOINT_ANCHOR", anchor);
    values.put("ATLAS_CHECKPOINT_RETENTION_DAYS", retentionDays);
    values.values().removeIf(java.util.Objects::isNull);
    return values;
  }
}
