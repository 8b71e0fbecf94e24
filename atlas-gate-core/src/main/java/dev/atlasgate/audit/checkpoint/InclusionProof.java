package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.util.List;

/** An inclusion proof: the audit path of one leaf in a tree of {@code treeSize} leaves. */
// Hashes travel as the byte arrays the Merkle code computes; a proof is checked, never compared.
@SuppressWarnings("ArrayRecordComponent")
public record InclusionProof(
    long leafIndex, long treeSize, byte[] leafHash, List<byte[]> auditPath) {
  public InclusionProof {
    requireNonNull(leafHash, "leafHash is null");
    auditPath = List.copyOf(auditPath);
  }

  /** {@code {"leaf_index", "tree_size", "leaf_hash", "audit_path": [hex…]}}. */
  public JsonObject toJson() {
    return JsonObject.builder()
        .put("leaf_index", leafIndex)
        .put("tree_size", treeSize)
        .put("leaf_hash", MerkleHashes.hex(leafHash))
        .put("audit_path", hexArray(auditPath))
        .build();
  }

  /** Whether the proof leads to {@code root}. */
  public boolean verify(byte[] root) {
    return Proofs.verifyInclusion(leafIndex, treeSize, leafHash, auditPath, root);
  }

  static JsonArray hexArray(List<byte[]> hashes) {
    return new JsonArray(hashes.stream().map(h -> (Json) Json.of(MerkleHashes.hex(h))).toList());
  }
}
