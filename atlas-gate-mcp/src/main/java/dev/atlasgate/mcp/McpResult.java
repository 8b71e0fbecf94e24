package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** The result of an MCP request the gateway answers; {@link McpCodec} writes it as JSON. */
public sealed interface McpResult {

  /** The answer to {@code ping} and to anything else answered with nothing: {@code {}}. */
  record Empty() implements McpResult {}

  /** The answer to {@code initialize}. */
  record Initialize(
      String protocolVersion,
      ServerCapabilities capabilities,
      ServerInfo serverInfo,
      String instructions)
      implements McpResult {
    public Initialize {
      requireNonNull(protocolVersion, "protocolVersion is null");
      requireNonNull(capabilities, "capabilities is null");
      requireNonNull(serverInfo, "serverInfo is null");
      requireNonNull(instructions, "instructions is null");
    }
  }

  /**
   * What the server offers: tools and prompts, each saying whether it announces changes, and the
   * capabilities of a {@link ProtocolExtension}, written after them as they are.
   */
  record ServerCapabilities(
      boolean toolsListChanged, boolean promptsListChanged, JsonObject extensions) {
    public ServerCapabilities {
      requireNonNull(extensions, "extensions is null");
    }
  }

  /** The answer to {@code tools/list}: the gateway's tools, then an extension's as they are. */
  record ListTools(List<ToolDefinition> tools, List<JsonObject> extensionTools)
      implements McpResult {
    public ListTools {
      tools = List.copyOf(tools);
      extensionTools = List.copyOf(extensionTools);
    }
  }

  /** A tool as {@code tools/list} describes it. */
  record ToolDefinition(
      String name,
      String title,
      String description,
      JsonObject inputSchema,
      JsonObject outputSchema) {
    public ToolDefinition {
      requireNonNull(name, "name is null");
      requireNonNull(title, "title is null");
      requireNonNull(description, "description is null");
      requireNonNull(inputSchema, "inputSchema is null");
      requireNonNull(outputSchema, "outputSchema is null");
    }
  }

  /**
   * The answer to {@code tools/call}. A refusal carries no {@code structuredContent}: clients check
   * it against the tool's output schema (the TypeScript SDK does so even when {@code isError} is
   * set).
   */
  record CallTool(
      List<ContentBlock> content, Optional<JsonObject> structuredContent, boolean isError)
      implements McpResult {
    public CallTool {
      content = List.copyOf(content);
      requireNonNull(structuredContent, "structuredContent is null");
    }

    /** A call that happened: {@code text} to read, {@code structured} to check. */
    public static CallTool success(String text, JsonObject structured) {
      return new CallTool(List.of(new ContentBlock.Text(text)), Optional.of(structured), false);
    }

    /** A call that was refused: one text block. */
    public static CallTool refusal(String text) {
      return new CallTool(List.of(new ContentBlock.Text(text)), Optional.empty(), true);
    }
  }

  /** A block of content in a tool result or a prompt message. */
  sealed interface ContentBlock {
    /** Text. */
    record Text(String text) implements ContentBlock {
      public Text {
        requireNonNull(text, "text is null");
      }
    }
  }

  /** The answer to {@code prompts/list}: the gateway's prompts, then an extension's. */
  record ListPrompts(List<PromptDefinition> prompts, List<JsonObject> extensionPrompts)
      implements McpResult {
    public ListPrompts {
      prompts = List.copyOf(prompts);
      extensionPrompts = List.copyOf(extensionPrompts);
    }
  }

  /** A prompt as {@code prompts/list} describes it. */
  record PromptDefinition(String name, String title, String description) {
    public PromptDefinition {
      requireNonNull(name, "name is null");
      requireNonNull(title, "title is null");
      requireNonNull(description, "description is null");
    }
  }

  /** The answer to {@code prompts/get}. */
  record GetPrompt(String description, List<PromptMessage> messages) implements McpResult {
    public GetPrompt {
      requireNonNull(description, "description is null");
      messages = List.copyOf(messages);
    }
  }

  /** One message of a prompt, from {@code role} ("user" or "assistant"). */
  record PromptMessage(String role, ContentBlock content) {
    public PromptMessage {
      requireNonNull(role, "role is null");
      requireNonNull(content, "content is null");
    }
  }
}
