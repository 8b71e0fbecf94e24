package dev.atlasgate.json;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** A JSON object whose members keep the order in which they were written. */
public record JsonObject(Map<String, Json> members) implements Json {
  public static final JsonObject EMPTY = new JsonObject(Map.of());

  public JsonObject {
    members = members instanceof Frozen ? members : new Frozen(new LinkedHashMap<>(members));
  }

  /**
   * An object over {@code members}, which the caller has just filled and never touches again: the
   * map is kept as it is, not copied (the parser and the builder make one per object).
   */
  static JsonObject adopt(LinkedHashMap<String, Json> members) {
    return new JsonObject(new Frozen(members));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The member named {@code name}, if present. */
  public Optional<Json> get(String name) {
    return Optional.ofNullable(members.get(name));
  }

  public boolean has(String name) {
    return members.containsKey(name);
  }

  /** The member named {@code name} when it is a string. */
  public Optional<String> string(String name) {
    return members.get(name) instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  /** The member named {@code name} when it is an object. */
  public Optional<JsonObject> object(String name) {
    return members.get(name) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
  }

  /** A copy with {@code name} set to {@code value}, replacing any member of that name in place. */
  public JsonObject with(String name, Json value) {
    LinkedHashMap<String, Json> copy = new LinkedHashMap<>(members);
    copy.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
    return adopt(copy);
  }

  /** A copy without the member {@code name}. */
  public JsonObject without(String name) {
    if (!members.containsKey(name)) {
      return this;
    }
    LinkedHashMap<String, Json> copy = new LinkedHashMap<>(members);
    copy.remove(name);
    return adopt(copy);
  }

  public int size() {
    return members.size();
  }

  public void forEach(BiConsumer<String, Json> action) {
    members.forEach(action);
  }

  @Override
  public String typeName() {
    return "object";
  }

  /** Builds an object member by member; absent optional values are written as nothing. */
  public static final class Builder {
    private LinkedHashMap<String, Json> members = new LinkedHashMap<>();
    private boolean built;

    private Builder() {}

    public Builder put(String name, Json value) {
      if (built) {
        // The map now belongs to a built object: go on with a copy of it.
        members = new LinkedHashMap<>(members);
        built = false;
      }
      members.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
      return this;
    }

    public Builder put(String name, String value) {
      return put(name, new JsonString(value));
    }

    public Builder put(String name, long value) {
      return put(name, JsonNumber.of(value));
    }

    public Builder put(String name, boolean value) {
      return put(name, Json.of(value));
    }

    /** Puts {@code value} when present, else nothing. */
    public Builder putIfPresent(String name, Optional<? extends Json> value) {
      value.ifPresent(v -> put(name, v));
      return this;
    }

    /** Puts the string when present, else {@code null}. */
    public Builder putOrNull(String name, Optional<String> value) {
      return put(name, value.<Json>map(JsonString::new).orElse(JsonNull.INSTANCE));
    }

    public JsonObject build() {
      built = true;
      return adopt(members);
    }
  }

  /**
   * The members of an object: read-only, in insertion order, over a map no one else holds. Equal to
   * any map of the same members.
   */
  private static final class Frozen extends AbstractMap<String, Json> {
    private final LinkedHashMap<String, Json> map;
    private final Set<Map.Entry<String, Json>> entries;

    // The members' order is part of the value: a LinkedHashMap, never any map.
    @SuppressWarnings("NonApiType")
    Frozen(LinkedHashMap<String, Json> map) {
      this.map = map;
      this.entries = Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Set<Map.Entry<String, Json>> entrySet() {
      return entries;
    }

    @Override
    public @Nullable Json get(@Nullable Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Json> action) {
      map.forEach(action);
    }
  }
}
