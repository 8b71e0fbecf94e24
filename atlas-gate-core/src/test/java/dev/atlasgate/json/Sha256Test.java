package dev.atlasgate.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SHA-256 against known vectors; each digest handed out is its own. */
class Sha256Test {
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void knownVectors() {
    assertThat(Sha256.hex("abc")).isEqualTo(ABC);
    assertThat(Sha256.hex("")).isEqualTo(EMPTY);
  }

  @Test
  void digestsHandedOut_doNotShareState() {
    MessageDigest first = Sha256.digest();
    MessageDigest second = Sha256.digest();
    first.update("ab".getBytes(StandardCharsets.UTF_8));
    second.update("zzz".getBytes(StandardCharsets.UTF_8));
    first.update("c".getBytes(StandardCharsets.UTF_8));

    assertThat(Sha256.hex(first)).isEqualTo(ABC);
    assertThat(Sha256.hex(Sha256.digest())).isEqualTo(EMPTY);
  }

  @Test
  void aChannel_isHashedWhole_whateverSizeWasExpected() throws Exception {
    byte[] content = new byte[200_000];
    new Random(7).nextBytes(content);
    String whole = Sha256.hex(content);
    for (long expected : new long[] {0, 10, 65_535, 200_000, 1_000_000}) {
      assertThat(Sha256.hex(Channels.newChannel(new ByteArrayInputStream(content)), expected))
          .as("expecting %d bytes", expected)
          .isEqualTo(whole);
    }
    assertThat(Sha256.hex(Channels.newChannel(new ByteArrayInputStream(new byte[0])), 0))
        .isEqualTo(EMPTY);
  }
}
