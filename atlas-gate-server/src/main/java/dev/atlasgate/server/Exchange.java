package dev.atlasgate.server;

import dev.atlasgate.json.JsonObject;
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

  /** The body, or empty when it is longer than {@code max} bytes. */
  Optional<byte[]> body(int max) throws IOException {
    long declared = request.getLength();
    if (declared > max) {
      return Optional.empty();
    }
    try (InputStream in = Request.asInputStream(request)) {
      if (declared >= 0) {
        // Content-Length is known: one array of that size, then the end of the content.
        byte[] bytes = in.readNBytes((int) declared);
        in.read();
        return Optional.of(bytes);
      }
      byte[] bytes = in.readNBytes(max + 1);
      return bytes.length > max ? Optional.empty() : Optional.of(bytes);
    }
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

  /** An error body {@code {"error": {"code", "message"}}} with {@code status}. */
  void error(int status, String code, String message) {
    json(
        status,
        JsonObject.builder()
            .put("error", JsonObject.builder().put("code", code).put("message", message).build())
            .build());
  }

  void empty(int status) {
    response.setStatus(status);
    finish(new byte[0]);
  }

  /** A stream for a body written in parts; the exchange completes when it is closed. */
  OutputStream stream(int status, String contentType) {
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
    done = true;
    response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
  }
}
