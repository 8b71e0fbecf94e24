package dev.atlasgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Objects are immutable however they were made, and equal by their members. */
class JsonObjectTest {
  @Test
  void aBuilderUsedAfterBuild_neverChangesTheObjectItBuilt() {
    JsonObject.Builder builder = JsonObject.builder().put("a", 1);
    JsonObject first = builder.build();
    JsonObject second = builder.put("b", 2).build();
    builder.put("c", 3);

    assertThat(first.write()).isEqualTo("{\"a\":1}");
    assertThat(second.write()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void theMapGivenToTheConstructor_isCopied() {
    Map<String, Json> map = new LinkedHashMap<>();
    map.put("x", Json.of("1"));
    JsonObject object = new JsonObject(map);
    map.put("y", Json.of("2"));

    assertThat(object.has("y")).isFalse();
    assertThat(object.size()).isEqualTo(1);
  }

  @Test
  void members_cannotBeChanged_throughAnyView() {
    JsonObject parsed = (JsonObject) Json.parse("{\"k\":\"v\",\"n\":1}");
    JsonObject built = JsonObject.builder().put("k", "v").build();
    for (JsonObject object : new JsonObject[] {parsed, built, parsed.with("z", Json.of(true))}) {
      Map<String, Json> members = object.members();
      assertThatThrownBy(() -> members.put("k", Json.of("w")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> members.remove("k"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> members.entrySet().iterator().next().setValue(Json.of("w")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> members.keySet().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(object.string("k")).contains("v");
    }
  }

  @Test
  void withAndWithout_leaveTheOriginalAlone_andKeepTheOrder() {
    JsonObject original = (JsonObject) Json.parse("{\"b\":1,\"a\":2}");
    JsonObject changed = original.with("b", Json.of(3)).with("c", Json.of(4));
    JsonObject fewer = changed.without("a");

    assertThat(original.write()).isEqualTo("{\"b\":1,\"a\":2}");
    assertThat(changed.write()).isEqualTo("{\"b\":3,\"a\":2,\"c\":4}");
    assertThat(fewer.write()).isEqualTo("{\"b\":3,\"c\":4}");
  }

  @Test
  void equality_dependsOnMembersOnly_notOnHowTheObjectWasMade() {
    JsonObject parsed = (JsonObject) Json.parse("{\"a\":\"x\",\"b\":true}");
    JsonObject built = JsonObject.builder().put("a", "x").put("b", true).build();
    JsonObject copied = new JsonObject(Map.of("a", Json.of("x"), "b", Json.of(true)));

    assertThat(parsed).isEqualTo(built).isEqualTo(copied).hasSameHashCodeAs(copied);
    assertThat(parsed.members()).isEqualTo(Map.of("a", Json.of("x"), "b", Json.of(true)));
    assertThat(parsed).isNotEqualTo(built.with("a", Json.of("y")));
    assertThat(Json.parse("{}")).isEqualTo(JsonObject.EMPTY);
  }
}
