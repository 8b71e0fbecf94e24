package dev.atlasgate.bootstrap;

import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.bootstrap.config.ConfigException;
import dev.atlasgate.bootstrap.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge of the checkpoints: reads the private key and logs what the checkpointer reports; the
 * hook on the append path that tells the checkpointer a seq was appended is {@link
 * ObservedStores#audit}.
 */
final class AuditCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpoints.class);

  private AuditCheckpoints() {}

  /** Reads the private note key of {@code ATLAS_CHECKPOINT_KEY}; the message never shows it. */
  static NoteSigner signer(Path keyFile) {
    try {
      return NoteSigner.parse(Files.readString(keyFile));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "ATLAS_CHECKPOINT_KEY=\""
              + keyFile
              + "\" cannot be used: "
              + (e instanceof IOException ? "it cannot be read" : e.getMessage())
              + "; make one with atlas-gate keygen");
    }
  }

  static Checkpointer.Options options(Settings.Checkpoints settings) {
    return new Checkpointer.Options(settings.origin(), settings.every(), settings.interval());
  }

  /** Logs what the background thread does, with the checkpoint's size and root. */
  static final Checkpointer.Listener LOGGING =
      new Checkpointer.Listener() {
        @Override
        public void issued(SignedCheckpoint checkpoint) {
          LOG.debug(
              "audit checkpoint signed: size {}, root {}",
              checkpoint.checkpoint().size(),
              checkpoint.checkpoint().rootHex());
        }

        @Override
        public void refused(String reason, String detail) {
          LOG.error("audit checkpoint NOT signed: {}: {}", reason, detail);
        }

        @Override
        public void failed(Throwable failure) {
          LOG.warn("audit checkpointer failed; it tries again at the next interval", failure);
        }
      };
}
