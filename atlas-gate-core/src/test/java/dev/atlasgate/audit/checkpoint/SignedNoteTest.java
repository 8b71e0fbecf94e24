package dev.atlasgate.audit.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Signed notes against the examples of the C2SP signed-note specification and of Go's
 * golang.org/x/mod/sumdb/note (data only).
 */
class SignedNoteTest {
  private static final String GO_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String GO_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String GO_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  private static final String GO_NOTE =
      GO_TEXT
          + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
          + "gKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  private static final String SPEC_VKEY =
      "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
  private static final String SPEC_NOTE =
      "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6Tf"
          + "Xppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

  @Test
  void signing_reproducesTheGoExample_byteForByte() {
    NoteSigner signer = NoteSigner.parse(GO_SKEY);
    assertThat(signer.verifier().encoded()).isEqualTo(GO_VKEY);
    assertThat(signer.sign(GO_TEXT)).isEqualTo(GO_NOTE);
    assertThat(signer.encodedPrivateKey()).isEqualTo(GO_SKEY);
  }

  @Test
  void opening_acceptsTheSpecAndGoExamples() {
    assertThat(SignedNote.open(GO_NOTE, NoteVerifier.parse(GO_VKEY)))
        .isEqualTo(new SignedNote.Opened.Verified(GO_TEXT));
    assertThat(SignedNote.open(SPEC_NOTE, NoteVerifier.parse(SPEC_VKEY)))
        .isEqualTo(new SignedNote.Opened.Verified("This is an example message.\n"));
  }

  @Test
  void aNoteSignedByAnotherKey_isRejectedAsUnknownKey() {
    NoteSigner other = NoteSigner.generate("PeterNeumann");
    String forged = other.sign(GO_TEXT);
    assertThat(SignedNote.open(forged, NoteVerifier.parse(GO_VKEY)))
        .isInstanceOfSatisfying(
            SignedNote.Opened.Rejected.class, r -> assertThat(r.reason()).isEqualTo("UNKNOWN_KEY"));
  }

  @Test
  void anEditedText_isRejectedAsBadSignature() {
    String edited = GO_NOTE.replace("problem,", "problem;");
    assertThat(SignedNote.open(edited, NoteVerifier.parse(GO_VKEY)))
        .isInstanceOfSatisfying(
            SignedNote.Opened.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo("BAD_SIGNATURE"));
  }

  @Test
  void malformedNotesAndKeys_areRejected() {
    NoteVerifier verifier = NoteVerifier.parse(GO_VKEY);
    assertThat(SignedNote.open(GO_TEXT, verifier))
        .isInstanceOfSatisfying(
            SignedNote.Opened.Rejected.class, r -> assertThat(r.reason()).isEqualTo("MALFORMED"));
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a4+" + GO_VKEY.split("\\+")[2]))
        .hasMessageContaining("KEYHASH");
    assertThatThrownBy(() -> NoteSigner.generate("has space")).hasMessageContaining("key name");
  }

  @Test
  void theSignerNeverShowsItsPrivateKey() {
    NoteSigner signer = NoteSigner.parse(GO_SKEY);
    assertThat(signer.toString()).doesNotContain("AYEKFALV").contains("redacted");
  }

  @Test
  void checkpoints_roundTripThroughTheirText() {
    Checkpoint checkpoint = new Checkpoint("atlas-gate", 8, new byte[32]);
    assertThat(checkpoint.text())
        .isEqualTo("atlas-gate\n8\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    assertThat(Checkpoint.parse(checkpoint.text())).isEqualTo(checkpoint);
    assertThatThrownBy(() -> Checkpoint.parse("atlas-gate\n08\nAA==\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
