package dev.atlasgate.bench;

/** One kind of call a simulated client makes, with the name it has in reports. */
enum Operation {
  INITIALIZE("initialize", true),
  BEGIN_SESSION("begin_session", true),
  READ("read_file", false),
  LIST("list_files", false),
  WRITE("write_file", false),
  /** The echo tool of a server without governance, for comparisons (no begin_session first). */
  ECHO("echo", false);

  private final String label;
  private final boolean setup;

  Operation(String label, boolean setup) {
    this.label = label;
    this.setup = setup;
  }

  /** The name in reports: the MCP method or tool. */
  String label() {
    return label;
  }

  /** True for the calls that open a client's session, before the measured phase. */
  boolean setup() {
    return setup;
  }

  /** True for the calls that only read, which a client may safely send again. */
  boolean readOnly() {
    return this == READ || this == LIST || this == ECHO;
  }
}
