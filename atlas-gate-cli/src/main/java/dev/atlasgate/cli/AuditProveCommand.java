package dev.atlasgate.cli;

import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.checkpoint.InclusionProof;
import dev.atlasgate.audit.checkpoint.MerkleHashes;
import dev.atlasgate.audit.checkpoint.MerkleTree;
import dev.atlasgate.json.JsonObject;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-gate audit prove}: the inclusion proof of one entry, computed from the log. */
@Command(
    name = "prove",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the RFC 9162 inclusion proof of entry --seq in the tree of --size entries (default:"
          + " the whole log), as JSON with the tree's root hash. Exit 0, or 2 on a usage or I/O"
          + " error."
    })
final class AuditProveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AuditCommand.Source source;

  @Option(names = "--seq", required = true, paramLabel = "N", description = "The entry to prove.")
  long seq;

  @Option(
      names = "--size",
      paramLabel = "M",
      description = "The tree size (a checkpoint's); default the log's length.")
  Long size;

  @Override
  public Integer call() {
    long limit = size == null ? Long.MAX_VALUE : size;
    MerkleTree tree = new MerkleTree();
    try (Stream<StoredEntry> entries = AuditCommand.entries(source, 1)) {
      Iterator<StoredEntry> it = entries.iterator();
      while (it.hasNext() && tree.size() < limit) {
        if (!(it.next() instanceof StoredEntry.Readable r)) {
          break;
        }
        tree.append(MerkleHashes.entry(r.json()));
      }
    }
    long treeSize = size == null ? tree.size() : size;
    if (seq < 1 || seq > treeSize || treeSize > tree.size()) {
      spec.commandLine()
          .getErr()
          .printf(
              "atlas-gate audit prove: --seq %d and --size %d need 1 <= seq <= size <= %d, the"
                  + " log's readable entries%n",
              seq, treeSize, tree.size());
      return AtlasGate.USAGE;
    }
    InclusionProof proof =
        new InclusionProof(
            seq - 1, treeSize, tree.leaf(seq - 1), tree.inclusionPath(seq - 1, treeSize));
    JsonObject json =
        proof
            .toJson()
            .with("root_hash", dev.atlasgate.json.Json.of(MerkleHashes.hex(tree.root(treeSize))));
    spec.commandLine().getOut().println(json.write());
    return 0;
  }
}
