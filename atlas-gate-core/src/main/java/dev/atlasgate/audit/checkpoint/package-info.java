/**
 * The verifiable audit: the chain seen as an RFC 9162 Merkle tree, its inclusion and consistency
 * proofs, and checkpoints signed as C2SP signed notes.
 *
 * <p>Leaf <i>i</i> is the entry with {@code seq} = <i>i</i> + 1; its leaf hash is SHA-256(0x00 ‖
 * the entry's RFC 8785 canonical form, {@code hash} included).
 */
package dev.atlasgate.audit.checkpoint;
