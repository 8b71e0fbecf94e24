package dev.atlasgate.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.StoredEntry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The decorators the wiring puts between the core and a store: the audit log's appends timed,
 * reported and handed to the checkpointer, and every operation of the session and plan stores
 * counted. They report to an {@link Instrumentation}; none of them is on the path of a wiring
 * without metrics or checkpoints.
 */
final class ObservedStores {
  private ObservedStores() {}

  /**
   * {@code log} with each append timed and reported to {@code instrumentation}, and its seq handed
   * to {@code appended} (the checkpointer's hook).
   */
  static AuditLog audit(AuditLog log, Instrumentation instrumentation, LongConsumer appended) {
    requireNonNull(log, "log is null");
    requireNonNull(instrumentation, "instrumentation is null");
    requireNonNull(appended, "appended is null");
    return new AuditLog() {
      @Override
      public AuditEntry append(AuditEvent event) {
        long start = System.nanoTime();
        AuditEntry entry = log.append(event);
        instrumentation.appended(entry.seq(), Duration.ofNanos(System.nanoTime() - start));
        appended.accept(entry.seq());
        return entry;
      }

      @Override
      public AuditHead head() {
        AuditHead head = log.head();
        instrumentation.headSeen(head.seq());
        return head;
      }

      @Override
      public Stream<StoredEntry> entries(long fromSeq) {
        return log.entries(fromSeq);
      }

      @Override
      public void close() {
        log.close();
      }
    };
  }

  /**
   * {@code store} with every call of a method of {@code type} counted as an operation of {@code
   * name}, the operation named by its method in snake case: what calls cost in store requests.
   */
  static <T> T counted(Class<T> type, T store, String name, Instrumentation instrumentation) {
    requireNonNull(store, "store is null");
    Map<Method, Runnable> counters = new ConcurrentHashMap<>();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(store, args);
          }
          counters
              .computeIfAbsent(
                  method, m -> instrumentation.storeOperation(name, snakeCase(m.getName())))
              .run();
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
