package dev.atlasgate.workspace;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Whether bytes are text the gateway can return as UTF-8. */
final class Text {
  private Text() {}

  /** True when {@code bytes} holds a NUL byte or is not valid UTF-8. */
  static boolean isBinary(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return true;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return false;
    } catch (CharacterCodingException e) {
      return true;
    }
  }
}
