package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * One persistent HTTP/1.1 connection of one simulated client, written and read by the client's own
 * thread with blocking I/O: a request at a time, kept alive between requests, opened again after
 * the server closes it. A client of its own rather than a shared asynchronous one, so that the load
 * generator spends little CPU per call and leaves the machine to the server it measures.
 *
 * <p>Reads bodies framed by {@code Content-Length}, by chunked transfer coding, or by the end of
 * the connection; a streamed answer (SSE) is read to its end.
 */
final class HttpConnection implements AutoCloseable {
  private static final int MAX_HEADER_LINE = 16 * 1024;

  private final URI endpoint;
  private final SSLContext tls;
  private final Duration connectTimeout;
  private final Duration timeout;
  private final String hostHeader;
  private final String target;
  private @Nullable Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  /** The answer to one request: its status, its headers (names in lower case) and its body. */
  record Reply(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  // in and out are set by connect(), which exchange() calls before any read or write.
  @SuppressWarnings("NullAway.Init")
  HttpConnection(URI endpoint, SSLContext tls, Duration connectTimeout, Duration timeout) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.tls = requireNonNull(tls, "tls is null");
    this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    int port = endpoint.getPort();
    this.hostHeader = port < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    this.target =
        (path.isEmpty() ? "/" : path)
            + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
  }

  /**
   * Sends {@code method} with {@code headers} (name, value, name, value, …) and {@code body} (none
   * when null), and reads the whole answer. Any I/O failure closes the connection, so the next
   * request opens a new one.
   */
  Reply exchange(String method, String[] headers, byte @Nullable [] body) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      write(method, headers, body);
      return read(method);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing more can go wrong with a connection that is gone.
      }
      socket = null;
    }
  }

  private void open() throws IOException {
    boolean https = "https".equals(endpoint.getScheme());
    int port = endpoint.getPort() >= 0 ? endpoint.getPort() : https ? 443 : 80;
    Socket plain = new Socket();
    try {
      plain.setTcpNoDelay(true);
      try {
        plain.connect(
            new InetSocketAddress(endpoint.getHost(), port), (int) connectTimeout.toMillis());
      } catch (SocketTimeoutException e) {
        throw new HttpConnectTimeoutException("no connection within " + connectTimeout);
      }
      Socket connected = plain;
      if (https) {
        SSLSocket secure =
            (SSLSocket) tls.getSocketFactory().createSocket(plain, endpoint.getHost(), port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.setSoTimeout((int) connectTimeout.toMillis());
        secure.startHandshake();
        connected = secure;
      }
      connected.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      socket = connected;
      in = connected.getInputStream();
      position = 0;
      limit = 0;
      out = new BufferedOutputStream(connected.getOutputStream(), 16 * 1024);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private void write(String method, String[] headers, byte @Nullable [] body) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ");
    head.append(hostHeader).append("\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  private Reply read(String method) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("the server closed the connection before answering");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.1 status line: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + abbreviate(statusLine), e);
    }
    Map<String, String> headers = new HashMap<>();
    for (String line = line(); ; line = line()) {
      if (line == null) {
        throw new EOFException("the server closed the connection in the headers");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    if (status / 100 == 1) {
      return read(method);
    }
    String body = new String(body(status, method, headers), StandardCharsets.UTF_8);
    boolean closes =
        headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close")
            || parts[0].equals("HTTP/1.0");
    if (closes) {
      close();
    }
    return new Reply(status, headers, body);
  }

  private byte[] body(int status, String method, Map<String, String> headers) throws IOException {
    if (method.equals("HEAD") || status == 204 || status == 304) {
      return new byte[0];
    }
    if (headers
        .getOrDefault("transfer-encoding", "")
        .toLowerCase(Locale.ROOT)
        .contains("chunked")) {
      return chunked();
    }
    String length = headers.get("content-length");
    if (length != null) {
      int n;
      try {
        n = Integer.parseInt(length);
      } catch (NumberFormatException e) {
        throw new IOException("not a Content-Length: " + abbreviate(length), e);
      }
      return bytes(n);
    }
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    while (fill()) {
      rest.write(buffer, position, limit - position);
      position = limit;
    }
    close();
    return rest.toByteArray();
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) {
        throw new EOFException("the server closed the connection in a chunk");
      }
      int semicolon = size.indexOf(';');
      int n;
      try {
        n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("not a chunk size: " + abbreviate(size), e);
      }
      if (n == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // Trailers carry nothing the load generator reads.
        }
        return body.toByteArray();
      }
      body.write(bytes(n));
      line();
    }
  }

  /** The next {@code n} bytes of the stream. */
  private byte[] bytes(int n) throws IOException {
    byte[] bytes = new byte[n];
    for (int at = 0; at < n; ) {
      if (position == limit && !fill()) {
        throw new EOFException("the server closed the connection in the body");
      }
      int copy = Math.min(n - at, limit - position);
      System.arraycopy(buffer, position, bytes, at, copy);
      position += copy;
      at += copy;
    }
    return bytes;
  }

  /** Reads more of the stream into the empty buffer; false at its end. */
  private boolean fill() throws IOException {
    int n = in.read(buffer);
    position = 0;
    limit = Math.max(0, n);
    return n > 0;
  }

  /** One line without its CRLF (or LF); null at the end of the stream before any byte. */
  private @Nullable String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int c =
          position < limit ? buffer[position++] & 0xff : fill() ? buffer[position++] & 0xff : -1;
      if (c < 0) {
        return line.isEmpty() ? null : line.toString();
      }
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() >= MAX_HEADER_LINE) {
        throw new IOException("a header line longer than " + MAX_HEADER_LINE + " bytes");
      }
      line.append((char) c);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
