package dev.atlasgate.audit.checkpoint;

import dev.atlasgate.json.JsonObject;
import java.util.List;

/**
 * A consistency proof: that the tree of {@code first} leaves is a prefix of that of {@code second}.
 */
public record ConsistencyProof(long first, long second, List<byte[]> consistencyPath) {
  public ConsistencyProof {
    consistencyPath = List.copyOf(consistencyPath);
  }

  /** {@code {"first", "second", "consistency_path": [hex…]}}. */
  public JsonObject toJson() {
    return JsonObject.builder()
        .put("first", first)
        .put("second", second)
        .put("consistency_path", InclusionProof.hexArray(consistencyPath))
        .build();
  }

  public boolean verify(byte[] firstRoot, byte[] secondRoot) {
    return Proofs.verifyConsistency(first, second, firstRoot, secondRoot, consistencyPath);
  }
}
