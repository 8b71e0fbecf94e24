package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Answers of Streamable HTTP, as the gateway and nginx give them. */
class ResponsesTest {
  private static final Optional<String> AT = Optional.of("127.0.0.1:3101");

  @Test
  void jsonResult_isOk_withTheInstance() {
    Outcome outcome =
        Responses.interpret(
            200,
            "application/json; charset=utf-8",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"structuredContent\":{\"audit_seq\":12}}}",
            Optional.of(7L),
            AT);
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    assertThat(PlanSetup.structured(((Outcome.Ok) outcome).result()).get("audit_seq"))
        .hasValueSatisfying(v -> assertThat(v.write()).isEqualTo("12"));
    assertThat(outcome.instance()).isEqualTo(AT);
  }

  @Test
  void sseStream_skipsTheNotification_andTakesTheResponseOfItsId() {
    String stream =
        "event: message\n"
            + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"
            + "event: message\r\n"
            + "data: {\"jsonrpc\":\"2.0\",\"id\":3,\r\n"
            + "data: \"result\":{\"content\":[]}}\r\n\r\n";
    assertThat(Responses.events(stream)).hasSize(2);
    Outcome outcome =
        Responses.interpret(200, "text/event-stream", stream, Optional.of(3L), Optional.empty());
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    assertThat(Responses.interpret(200, "text/event-stream", stream, Optional.of(4L), AT))
        .isInstanceOf(Outcome.Failed.class)
        .extracting(o -> ((Outcome.Failed) o).kind())
        .isEqualTo("no_response");
  }

  @Test
  void toolError_isFailedByItsCode() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":true,\"content\":[{\"type\":"
            + "\"text\",\"text\":\"[PLAN_NOT_APPROVED] m\\n{\\\"error\\\":{\\\"code\\\":"
            + "\\\"PLAN_NOT_APPROVED\\\",\\\"message\\\":\\\"m\\\"}}\"}]}}";
    assertThat(kind(Responses.interpret(200, "application/json", body, Optional.of(1L), AT)))
        .isEqualTo("tool_PLAN_NOT_APPROVED");
  }

  @Test
  void jsonRpcError_isFailedByItsNumber() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\"}}";
    assertThat(kind(Responses.interpret(200, "application/json", body, Optional.of(1L), AT)))
        .isEqualTo("rpc_-32602");
  }

  @Test
  void httpErrors_areFailedByStatus_andTheGatewayCodeWhenGiven() {
    String unavailable = "{\"error\":{\"code\":\"AUDIT_UNAVAILABLE\",\"message\":\"down\"}}";
    assertThat(kind(Responses.interpret(503, "application/json", unavailable, Optional.of(1L), AT)))
        .isEqualTo("http_503_AUDIT_UNAVAILABLE");
    String rpc =
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"slow down\","
            + "\"data\":{\"code\":\"RATE_LIMITED\"}}}";
    assertThat(kind(Responses.interpret(429, "application/json", rpc, Optional.of(1L), AT)))
        .isEqualTo("http_429_RATE_LIMITED");
    assertThat(
            kind(
                Responses.interpret(
                    502, "text/html", "<html>Bad Gateway</html>", Optional.of(1L), AT)))
        .isEqualTo("http_502");
    assertThat(
            ((Outcome.Failed) Responses.interpret(502, "text/html", "", Optional.of(1L), AT))
                .retryableForReads())
        .isTrue();
    assertThat(
            ((Outcome.Failed)
                    Responses.interpret(
                        200,
                        "application/json",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"m\"}}",
                        Optional.of(1L),
                        AT))
                .retryableForReads())
        .isFalse();
  }

  @Test
  void acceptedNotification_isOk() {
    assertThat(Responses.interpret(202, "", "", Optional.empty(), AT))
        .isInstanceOf(Outcome.Ok.class);
  }

  private static String kind(Outcome outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    return ((Outcome.Failed) outcome).kind();
  }
}
