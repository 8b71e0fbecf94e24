package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixTest {
  @Test
  void parse_readsEachWeight_andLeavesOutMissingKinds() {
    assertThat(Mix.parse("read=60,list=30,write=10")).isEqualTo(new Mix(60, 30, 10));
    assertThat(Mix.parse(" write=1 , read=3 ")).isEqualTo(new Mix(3, 0, 1));
    assertThat(Mix.parse("list=5")).isEqualTo(new Mix(0, 5, 0));
  }

  @Test
  void parse_unknownKind_isRefusedNamingTheOption() {
    assertThatThrownBy(() -> Mix.parse("read=1,delete=2"))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("--mix \"read=1,delete=2\"")
        .hasMessageContaining("read=N,list=N,write=N");
  }

  @Test
  void parse_notANumber_negativeOrAllZero_isRefused() {
    assertThatThrownBy(() -> Mix.parse("read=x"))
        .hasMessageContaining("\"x\" is not a whole number");
    assertThatThrownBy(() -> Mix.parse("read=-1,list=2"))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Mix.parse("read=0")).hasMessageContaining("at least one positive");
  }

  @Test
  void pick_coversEveryDrawInProportion() {
    Mix mix = new Mix(6, 3, 1);
    Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
    for (int draw = 0; draw < mix.total(); draw++) {
      counts.merge(mix.pick(draw), 1, Integer::sum);
    }
    assertThat(counts)
        .containsExactly(
            Map.entry(Operation.READ, 6),
            Map.entry(Operation.LIST, 3),
            Map.entry(Operation.WRITE, 1));
    assertThatThrownBy(() -> mix.pick(10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_isWhatParseReads() {
    Mix mix = new Mix(1, 2, 3);
    assertThat(Mix.parse(mix.toString())).isEqualTo(mix);
  }
}
