package dev.atlasgate.server;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.mcp.JsonRpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One HTTP request and its response, with blocking helpers (handlers run on virtual threads). */
final class Exchange {
  final Request request;
  final Response response;
  private final Callback callback;
  private boolean done;
  private boolean bodyRead;
  private boolean jsonRpcErrors;
  private Json requestId = JsonNull.INSTANCE;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  String path() {
    return request.getHttpURI().getPath();
  }

  Optional<String> header(HttpHeader name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  Fields query() {
    return Request.extractQueryParameters(request);
  }

  String clientAddress() {
    return Request.getRemoteAddr(request);
  }

  /**
   * A refused body is still read, up to this many bytes, and thrown away: a server that answers 413
   * and closes while the client is still sending resets the client's socket, and the client never
   * reads the answer. Past this, the connection is closed without reading on.
   */
  private static final long DISCARD_LIMIT = 4L * 1024 * 1024;

  /** The body, or empty when it is longer than {@code max} bytes. */
  Optional<byte[]> body(int max) throws IOException {
    bodyRead = true;
    long declared = request.getLength();
    try (InputStream in = Request.asInputStream(request)) {
      if (declared > max) {
        discard(in, declared);
        return Optional.empty();
      }
      if (declared >= 0) {
        // Content-Length is known: one array of that size, then the end of the content.
        byte[] bytes = in.readNBytes((int) declared);
        in.read();
        return Optional.of(bytes);
      }
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        discard(in, -1);
        return Optional.empty();
      }
      return Optional.of(bytes);
    }
  }

  /**
   * Before an answer that did not need the body (a refused session, token, origin, header): the
   * body read and thrown away, so that the client, maybe still sending, reads the answer.
   */
  private void discardUnreadBody() {
    if (bodyRead) {
      return;
    }
    bodyRead = true;
    if (request.getLength() == 0) {
      return;
    }
    try (InputStream in = Request.asInputStream(request)) {
      discard(in, request.getLength());
    } catch (IOException e) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  /** Reads the rest of a refused body, or marks the connection to close when it is too long. */
  private void discard(InputStream in, long declared) throws IOException {
    if (declared <= DISCARD_LIMIT) {
      byte[] sink = new byte[8 * 1024];
      long read = 0;
      for (int n; read <= DISCARD_LIMIT && (n = in.read(sink)) >= 0; ) {
        read += n;
      }
      if (read <= DISCARD_LIMIT) {
        return;
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  void json(int status, JsonObject body) {
    send(status, "application/json", body.write());
  }

  void send(int status, String contentType, String body) {
    response.setStatus(status);
    if (!contentType.isEmpty()) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
    }
    finish(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * From now on, {@link #error} answers a JSON-RPC error object, as the HTTP layer of {@code /mcp}
   * must: the JSON-RPC code follows the status, the gateway's code is in {@code error.data.code}.
   */
  void answerErrorsAsJsonRpc() {
    jsonRpcErrors = true;
  }

  /** The JSON-RPC id that an error of this exchange answers, once the body has named it. */
  void requestId(Json id) {
    requestId = id;
  }

  /**
   * An error with {@code status}: the body is {@code {"error": {"code", "message"}}}, or on {@code
   * /mcp} a JSON-RPC error object.
   */
  void error(int status, String code, String message) {
    JsonObject data = JsonObject.builder().put("code", code).build();
    if (jsonRpcErrors) {
      json(status, JsonRpc.error(requestId, jsonRpcCode(status), message, data));
      return;
    }
    json(status, JsonObject.builder().put("error", data.with("message", Json.of(message))).build());
  }

  /** The JSON-RPC error code of an HTTP-layer refusal with {@code status}. */
  static int jsonRpcCode(int status) {
    return switch (status) {
      case 400, 405, 406, 413, 415 -> JsonRpc.INVALID_REQUEST;
      case 404 -> JsonRpc.SESSION_NOT_FOUND;
      case 500 -> JsonRpc.INTERNAL_ERROR;
      default -> JsonRpc.SERVER_ERROR;
    };
  }

  void empty(int status) {
    response.setStatus(status);
    finish(new byte[0]);
  }

  /** A stream for a body written in parts; the exchange completes when it is closed. */
  OutputStream stream(int status, String contentType) {
    discardUnreadBody();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    done = true;
    OutputStream out = Content.Sink.asOutputStream(response);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
          callback.succeeded();
        } catch (IOException e) {
          callback.failed(e);
          throw e;
        }
      }
    };
  }

  boolean isDone() {
    return done;
  }

  void fail(Throwable failure) {
    if (!done) {
      done = true;
      callback.failed(failure);
    }
  }

  private void finish(byte[] bytes) {
    discardUnreadBody();
    done = true;
    response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
  }
}
