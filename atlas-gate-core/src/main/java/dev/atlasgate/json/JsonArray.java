package dev.atlasgate.json;

import java.util.List;

/** A JSON array. */
public record JsonArray(List<Json> elements) implements Json {
  public static final JsonArray EMPTY = new JsonArray(List.of());

  public JsonArray {
    elements = List.copyOf(elements);
  }

  public static JsonArray of(Json... elements) {
    return new JsonArray(List.of(elements));
  }

  public int size() {
    return elements.size();
  }

  public Json get(int index) {
    return elements.get(index);
  }

  @Override
  public String typeName() {
    return "array";
  }
}
