// The official TypeScript SDK client (@modelcontextprotocol/sdk) through the governed flow, over
// stdio (`atlas-gate stdio --role ROLE`, approval through the CLI) or Streamable HTTP (`atlas-gate
// serve` with bearer tokens, approval through the admin endpoint). The client validates every
// structuredContent against the output schema it listed, so a refusal that carried one, or a
// result that does not match its schema, fails here as "MCP error -32602".
//
// Usage: node ts-sdk.mjs stdio|http; the settings come from the environment that run.sh sets:
// ATLAS_GATE (the launcher), WORKSPACE, ATLAS_HOME, and for http MCP_URL, PLANNER_TOKEN,
// EXECUTOR_TOKEN, OPERATOR_TOKEN.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { governedFlow, prepareWorkspace } from './flow.mjs';
import { adminOperator, cliOperator } from './operator.mjs';
import { report, settings } from './settings.mjs';

const transport = process.argv[2];
const env = settings(transport === 'http');

function adapter(client) {
  return {
    oneShot: false,
    listTools: async () => (await client.listTools()).tools,
    call: (name, args) => client.callTool({ name, arguments: args }),
    close: () => client.close(),
  };
}

async function open(role) {
  const client = new Client({ name: 'atlas-gate-clients', version: '1.0.0' });
  if (transport === 'stdio') {
    await client.connect(
      new StdioClientTransport({
        command: env.launcher,
        args: ['stdio', '--role', role],
        env: env.processEnv,
        stderr: 'inherit',
      }));
  } else {
    const token = role === 'ANTIGRAVITY' ? env.plannerToken : env.executorToken;
    await client.connect(
      new StreamableHTTPClientTransport(new URL(env.url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }));
  }
  return adapter(client);
}

prepareWorkspace(env.workspace);
const operator =
  transport === 'stdio'
    ? cliOperator({ launcher: env.launcher, env: env.processEnv, workspace: env.workspace })
    : adminOperator({ base: env.base, token: env.operatorToken, workspace: env.workspace });
await report(`TypeScript SDK over ${transport}`, () =>
  governedFlow({
    open,
    operator,
    workspace: env.workspace,
    reconnects: transport === 'http',
    log: console.log,
  }));
