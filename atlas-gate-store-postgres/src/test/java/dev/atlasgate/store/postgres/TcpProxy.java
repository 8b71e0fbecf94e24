package dev.atlasgate.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP forwarder between the gateway and the database, which a test can cut (every connection
 * dropped, new ones refused: the server is gone) and restore on the same port.
 */
final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;
  private int port;

  TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    start();
  }

  /** A proxy in front of the first host of {@code database}. */
  static TcpProxy before(DatabaseUrl database) {
    String target = database.hosts().split(",")[0];
    int colon = target.lastIndexOf(':');
    return new TcpProxy(
        colon < 0 ? target : target.substring(0, colon),
        colon < 0 ? 5432 : Integer.parseInt(target.substring(colon + 1)));
  }

  int port() {
    return port;
  }

  /** Listens again (on the same port after the first start) and forwards new connections. */
  void start() {
    lock.lock();
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listener = server;
      port = server.getLocalPort();
      Thread.ofVirtual().name("tcp-proxy-accept").start(() -> accept(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  /** Drops every connection and stops listening: to the client, the server went away. */
  void cut() {
    lock.lock();
    try {
      closeQuietly(listener);
      for (Socket socket : sockets) {
        closeQuietly(socket);
      }
      sockets.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    cut();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        // Under the lock of cut(): a connection accepted just before a cut is dropped with it,
        // never left open behind it.
        lock.lock();
        try {
          if (server.isClosed()) {
            closeQuietly(client);
            return;
          }
          Socket upstream = new Socket(targetHost, targetPort);
          sockets.add(client);
          sockets.add(upstream);
          Thread.ofVirtual().start(() -> pump(client, upstream));
          Thread.ofVirtual().start(() -> pump(upstream, client));
        } finally {
          lock.unlock();
        }
      } catch (IOException e) {
        return; // closed by cut()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // already closed
    }
  }
}
