package dev.atlasgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One declaration gives a tool's input schema and the typed arguments its handler reads. */
class ToolDeclarationTest {
  private static JsonObject json(String text) {
    return (JsonObject) Json.parse(text);
  }

  @Test
  void inputSchema_listsTheArgumentsInOrder_requiredOnes_andTheSessionHandleLast() {
    JsonObject schema = WriteFileTool.DECLARATION.descriptor().inputSchema();

    assertThat(schema.write())
        .startsWith(
            "{\"type\":\"object\",\"additionalProperties\":false,"
                + "\"required\":[\"path\",\"content\",\"plan_hash\",\"phase_id\",\"intent\"],"
                + "\"properties\":{\"path\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":4096},")
        .endsWith(
            "\"session_id\":{\"type\":\"string\",\"minLength\":16,\"maxLength\":128,\"description\":"
                + "\"The governance session; defaults to the one bound to this connection.\"}}}");
    assertThat(WriteFileTool.DECLARATION.descriptor().roles()).containsExactly(Role.WINDSURF);
  }

  @Test
  void aToolWithoutArguments_hasNoRequiredMember() {
    assertThat(EndSessionTool.DECLARATION.descriptor().inputSchema().has("required")).isFalse();
  }

  @Test
  void beginSession_andAFilteringTool_doNotGetTheSessionHandle() {
    JsonObject begin =
        BeginSessionTool.DECLARATION.descriptor().inputSchema().object("properties").orElseThrow();
    ToolDescriptor audit = ReadAuditLogTool.DECLARATION.descriptor();

    assertThat(begin.has("session_id")).isFalse();
    assertThat(audit.sessionIdIsFilter()).isTrue();
    assertThat(audit.inputSchema().object("properties").orElseThrow().object("session_id"))
        .contains(
            json(
                "{\"type\":\"string\",\"maxLength\":128,\"description\":\"Only entries of this session.\"}"));
  }

  @Test
  void arguments_thatMatchTheSchema_parseIntoTheTypedRecord() {
    JsonObject args =
        json(
            "{\"path\":\"a.txt\",\"content\":\"aGk=\",\"encoding\":\"base64\",\"plan_hash\":\""
                + "a".repeat(64)
                + "\",\"phase_id\":\"PHASE_ONE\",\"intent\":\"why\"}");
    assertThat(
            SchemaValidator.firstViolation(
                WriteFileTool.DECLARATION.descriptor().inputSchema(), args, "arguments"))
        .isEmpty();

    assertThat(WriteFileTool.DECLARATION.arguments().parse(args))
        .isEqualTo(
            new WriteFileTool.Args(
                "a.txt", "aGk=", Optional.of("base64"), "a".repeat(64), "PHASE_ONE", "why"));
  }

  @Test
  void optionalArguments_absent_parseAsEmptyOrFalse() {
    assertThat(ReadAuditLogTool.DECLARATION.arguments().parse(json("{\"with_proof\":true}")))
        .isEqualTo(
            new ReadAuditLogTool.Args(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true));
    assertThat(ListFilesTool.DECLARATION.arguments().parse(json("{\"glob\":\"*.md\"}")))
        .isEqualTo(new ListFilesTool.Args(Optional.empty(), Optional.of("*.md"), false));
    assertThat(
            BeginSessionTool.DECLARATION
                .arguments()
                .parse(json("{\"workspace_root\":\"/w\",\"role\":\"WINDSURF\"}")))
        .isEqualTo(new BeginSessionTool.Args("/w", Optional.of(Role.WINDSURF)));
  }

  @Test
  void anArgumentReadAsOneTypeWithASchemaOfAnother_isRefusedWhenDeclared() {
    assertThatThrownBy(() -> Arg.string("n", PropertySchema.integer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read as string has a schema of type integer");
  }

  @Test
  void anArgumentDeclaredTwice_isRefused() {
    assertThatThrownBy(() -> Arguments.of(Tools.PATH, Tools.PATH, (a, b) -> a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument path is declared twice");
  }
}
