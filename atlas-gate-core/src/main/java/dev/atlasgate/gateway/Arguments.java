package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The arguments of a tool: the {@link Arg}s that make its input schema, and the typed value a
 * handler gets, built from the same {@code Arg}s by {@code of(a, b, Args::new)}: the compiler
 * checks that the record takes exactly the declared arguments, of their types, in their order.
 *
 * @param <A> the typed arguments a handler gets
 */
final class Arguments<A> {
  private final List<Arg<?>> args;
  private final Function<JsonObject, A> parser;

  private Arguments(List<Arg<?>> args, Function<JsonObject, A> parser) {
    this.args = List.copyOf(args);
    this.parser = requireNonNull(parser, "parser is null");
    Set<String> names = new HashSet<>();
    for (Arg<?> arg : args) {
      if (!names.add(arg.name())) {
        throw new IllegalArgumentException("argument " + arg.name() + " is declared twice");
      }
    }
  }

  /** No arguments of the tool's own. */
  static Arguments<None> none() {
    return new Arguments<>(List.of(), a -> None.INSTANCE);
  }

  static <A, T1> Arguments<A> of(Arg<T1> a1, Function<T1, A> make) {
    return new Arguments<>(List.of(a1), j -> make.apply(a1.read(j)));
  }

  static <A, T1, T2> Arguments<A> of(Arg<T1> a1, Arg<T2> a2, BiFunction<T1, T2, A> make) {
    return new Arguments<>(List.of(a1, a2), j -> make.apply(a1.read(j), a2.read(j)));
  }

  static <A, T1, T2, T3> Arguments<A> of(
      Arg<T1> a1, Arg<T2> a2, Arg<T3> a3, Make3<T1, T2, T3, A> make) {
    return new Arguments<>(
        List.of(a1, a2, a3), j -> make.apply(a1.read(j), a2.read(j), a3.read(j)));
  }

  static <A, T1, T2, T3, T4, T5> Arguments<A> of(
      Arg<T1> a1,
      Arg<T2> a2,
      Arg<T3> a3,
      Arg<T4> a4,
      Arg<T5> a5,
      Make5<T1, T2, T3, T4, T5, A> make) {
    return new Arguments<>(
        List.of(a1, a2, a3, a4, a5),
        j -> make.apply(a1.read(j), a2.read(j), a3.read(j), a4.read(j), a5.read(j)));
  }

  static <A, T1, T2, T3, T4, T5, T6> Arguments<A> of(
      Arg<T1> a1,
      Arg<T2> a2,
      Arg<T3> a3,
      Arg<T4> a4,
      Arg<T5> a5,
      Arg<T6> a6,
      Make6<T1, T2, T3, T4, T5, T6, A> make) {
    return new Arguments<>(
        List.of(a1, a2, a3, a4, a5, a6),
        j -> make.apply(a1.read(j), a2.read(j), a3.read(j), a4.read(j), a5.read(j), a6.read(j)));
  }

  /** The typed arguments of a call whose arguments match {@link #schema}. */
  A parse(JsonObject arguments) {
    return parser.apply(arguments);
  }

  /**
   * The input schema: an object of exactly these arguments, then {@code extra} (the session handle
   * that every session-bound tool accepts).
   */
  JsonObject schema(List<Arg<?>> extra) {
    JsonObject.Builder properties = JsonObject.builder();
    List<Json> required =
        args.stream().filter(Arg::required).<Json>map(a -> Json.of(a.name())).toList();
    args.forEach(a -> properties.put(a.name(), a.schema()));
    extra.forEach(a -> properties.put(a.name(), a.schema()));
    JsonObject.Builder schema =
        JsonObject.builder().put("type", "object").put("additionalProperties", false);
    if (!required.isEmpty()) {
      schema.put("required", new JsonArray(required));
    }
    return schema.put("properties", properties.build()).build();
  }

  /** The typed arguments of a tool that has none of its own. */
  enum None {
    INSTANCE
  }

  @FunctionalInterface
  interface Make3<T1, T2, T3, R> {
    R apply(T1 a1, T2 a2, T3 a3);
  }

  @FunctionalInterface
  interface Make5<T1, T2, T3, T4, T5, R> {
    R apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5);
  }

  @FunctionalInterface
  interface Make6<T1, T2, T3, T4, T5, T6, R> {
    R apply(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6);
  }
}
