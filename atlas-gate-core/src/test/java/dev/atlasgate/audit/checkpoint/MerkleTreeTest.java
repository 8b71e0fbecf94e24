package dev.atlasgate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree and its proofs against the Certificate Transparency reference vectors (RFC 6962, kept by
 * RFC 9162, as published in transparency-dev/merkle) and against {@link ReferenceMerkle}.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> LEAF_DATA =
      List.of(
          "",
          "00",
          "10",
          "2021",
          "3031",
          "40414243",
          "5051525354555657",
          "606162636465666768696a6b6c6d6e6f");
  private static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static MerkleTree vectorTree() {
    MerkleTree tree = new MerkleTree();
    LEAF_DATA.forEach(d -> tree.append(MerkleHashes.leaf(HEX.parseHex(d))));
    return tree;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  @Test
  void roots_matchTheReferenceVectors_forEverySize() {
    MerkleTree tree = vectorTree();
    CompactRange range = new CompactRange();
    assertThat(HEX.formatHex(range.root())).isEqualTo(ROOTS.getFirst());
    for (int size = 0; size <= 8; size++) {
      assertThat(HEX.formatHex(tree.root(size))).as("size %d", size).isEqualTo(ROOTS.get(size));
      if (size > 0) {
        range.append(MerkleHashes.leaf(HEX.parseHex(LEAF_DATA.get(size - 1))));
        assertThat(HEX.formatHex(range.root())).as("range %d", size).isEqualTo(ROOTS.get(size));
      }
    }
  }

  @Test
  void inclusionPaths_matchTheReferenceVectors() {
    MerkleTree tree = vectorTree();
    assertThat(hex(tree.inclusionPath(0, 8)))
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(tree.inclusionPath(5, 8)))
        .containsExactly(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(
            Proofs.verifyInclusion(
                5, 8, tree.leaf(5), tree.inclusionPath(5, 8), HEX.parseHex(ROOTS.get(8))))
        .isTrue();
  }

  @Test
  void consistencyPaths_matchTheReferenceVectors() {
    MerkleTree tree = vectorTree();
    assertThat(hex(tree.consistencyPath(2, 8)))
        .containsExactly(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(tree.consistencyPath(6, 8)))
        .containsExactly(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(hex(tree.consistencyPath(2, 5)))
        .containsExactly(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  }

  @Test
  void everyProof_agreesWithTheIndependentImplementation_forManySizes() {
    Random random = new Random(9162);
    List<byte[]> leaves = new ArrayList<>();
    MerkleTree tree = new MerkleTree();
    CompactRange range = new CompactRange();
    for (int n = 1; n <= 130; n++) {
      byte[] data = new byte[random.nextInt(40)];
      random.nextBytes(data);
      byte[] leaf = ReferenceMerkle.leafHash(data);
      leaves.add(leaf);
      tree.append(leaf);
      range.append(leaf);
      byte[] root = ReferenceMerkle.mth(leaves);
      assertThat(tree.root(n)).isEqualTo(root);
      assertThat(range.root()).isEqualTo(root);
      for (int i = 0; i < n; i++) {
        List<byte[]> path = tree.inclusionPath(i, n);
        assertThat(hex(path)).isEqualTo(hex(ReferenceMerkle.path(i, leaves)));
        assertThat(ReferenceMerkle.verifyInclusion(i, n, leaf(leaves, i), path, root)).isTrue();
        assertThat(Proofs.verifyInclusion(i, n, leaf(leaves, i), path, root)).isTrue();
      }
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = tree.consistencyPath(m, n);
        byte[] old = ReferenceMerkle.mth(leaves.subList(0, m));
        assertThat(hex(proof)).isEqualTo(hex(ReferenceMerkle.proof(m, leaves)));
        assertThat(ReferenceMerkle.verifyConsistency(m, n, old, root, proof)).isTrue();
        assertThat(Proofs.verifyConsistency(m, n, old, root, proof)).isTrue();
      }
    }
  }

  @Test
  void tamperedProofs_areRejected_byBothVerifiers() {
    Random random = new Random(6962);
    List<byte[]> leaves = new ArrayList<>();
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 70; i++) {
      byte[] leaf = ReferenceMerkle.leafHash(new byte[] {(byte) i, (byte) random.nextInt()});
      leaves.add(leaf);
      tree.append(leaf);
    }
    for (int n = 2; n <= 70; n += 3) {
      byte[] root = tree.root(n);
      for (int i = 0; i < n; i++) {
        List<byte[]> path = new ArrayList<>(tree.inclusionPath(i, n));
        assertThat(Proofs.verifyInclusion(i, n, leaf(leaves, (i + 1) % n), path, root)).isFalse();
        assertThat(Proofs.verifyInclusion((i + 1) % n, n, leaf(leaves, i), path, root)).isFalse();
        path.set(0, flip(path.getFirst()));
        assertThat(Proofs.verifyInclusion(i, n, leaf(leaves, i), path, root)).isFalse();
        assertThat(ReferenceMerkle.verifyInclusion(i, n, leaf(leaves, i), path, root)).isFalse();
      }
      for (int m = 1; m < n; m++) {
        List<byte[]> proof = new ArrayList<>(tree.consistencyPath(m, n));
        byte[] old = tree.root(m);
        assertThat(Proofs.verifyConsistency(m, n, flip(old), root, proof)).isFalse();
        assertThat(Proofs.verifyConsistency(m, n, old, flip(root), proof)).isFalse();
        assertThat(Proofs.verifyConsistency(m, n, old, root, proof.subList(0, proof.size() - 1)))
            .isFalse();
        proof.set(proof.size() - 1, flip(proof.getLast()));
        assertThat(Proofs.verifyConsistency(m, n, old, root, proof)).isFalse();
        assertThat(ReferenceMerkle.verifyConsistency(m, n, old, root, proof)).isFalse();
      }
    }
  }

  @Test
  void sizesBeyondTheTree_areRefused_namingThem() {
    MerkleTree tree = vectorTree();
    assertThatThrownBy(() -> tree.root(9)).hasMessageContaining("tree size 9");
    assertThatThrownBy(() -> tree.inclusionPath(8, 8)).hasMessageContaining("leaf index 8");
    assertThatThrownBy(() -> tree.consistencyPath(5, 3)).hasMessageContaining("first <= second");
  }

  private static byte[] leaf(List<byte[]> leaves, int i) {
    return leaves.get(i);
  }

  private static byte[] flip(byte[] hash) {
    byte[] copy = hash.clone();
    copy[7] ^= 1;
    return copy;
  }
}
