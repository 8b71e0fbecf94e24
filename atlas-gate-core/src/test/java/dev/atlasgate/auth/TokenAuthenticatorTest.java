package dev.atlasgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.gateway.Principal;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.session.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthenticatorTest {
  @TempDir Path temp;

  @Test
  void disabled_everyoneIsAnonymousAndTrusted() {
    Identity identity = TokenAuthenticator.disabled().authenticate(Optional.empty());
    assertThat(identity).isEqualTo(new Identity.Known(Principal.anonymous()));
  }

  @Test
  void simpleTokens_areFullyTrusted_othersRefused() {
    TokenAuthenticator auth = TokenAuthenticator.of(List.of("s3cret", "other"), List.of());
    Principal principal = ((Identity.Known) auth.authenticate(Optional.of("s3cret"))).principal();
    assertThat(principal.name()).isEqualTo("token-" + Sha256.hex("s3cret").substring(0, 8));
    assertThat(principal.has(Authority.OPERATOR)).isTrue();
    assertThat(principal.mayTake(Role.WINDSURF)).isTrue();
    assertThat(auth.authenticate(Optional.of("wrong"))).isInstanceOf(Identity.Invalid.class);
    assertThat(auth.authenticate(Optional.empty())).isInstanceOf(Identity.Missing.class);
    assertThat(auth.authenticate(Optional.of(" "))).isInstanceOf(Identity.Missing.class);
  }

  @Test
  void tokensFile_grantsLeastPrivilege() {
    String text =
        """
        {"tokens": [
          {"sha256": "%s", "principal": "ci-bot", "roles": ["WINDSURF"], "workspaces": ["%s"]},
          {"sha256": "%s", "principal": "alice", "roles": ["OPERATOR", "AUDITOR"]}]}
        """
            .formatted(Sha256.hex("bot-token"), temp, Sha256.hex("alice-token"));
    TokenAuthenticator auth = TokenAuthenticator.of(List.of(), TokensFile.parse(text));
    Principal bot = ((Identity.Known) auth.authenticate(Optional.of("bot-token"))).principal();
    assertThat(bot.name()).isEqualTo("ci-bot");
    assertThat(bot.mayTake(Role.WINDSURF)).isTrue();
    assertThat(bot.mayTake(Role.ANTIGRAVITY)).isFalse();
    assertThat(bot.has(Authority.OPERATOR)).isFalse();
    assertThat(bot.mayBind(temp.resolve("x"))).isTrue();
    assertThat(bot.mayBind(Path.of("/etc"))).isFalse();
    Principal alice = ((Identity.Known) auth.authenticate(Optional.of("alice-token"))).principal();
    assertThat(alice.has(Authority.OPERATOR)).isTrue();
    assertThat(alice.roles()).isEmpty();
  }

  @Test
  void tokensFile_errorsNameTheEntry() {
    assertThatThrownBy(() -> TokensFile.parse("{\"tokens\": [{\"principal\": \"x\"}]}"))
        .hasMessageContaining("tokens[0].sha256 is required");
    assertThatThrownBy(
            () ->
                TokensFile.parse(
                    "{\"tokens\": [{\"sha256\": \""
                        + "a".repeat(64)
                        + "\", \"principal\": \"x\", \"roles\": [\"ROOT\"]}]}"))
        .hasMessageContaining("tokens[0].roles: \"ROOT\"");
    assertThatThrownBy(() -> TokensFile.parse("[]")).hasMessageContaining("expected {\"tokens\"");
  }
}
