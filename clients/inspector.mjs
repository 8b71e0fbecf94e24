// The Inspector CLI (@modelcontextprotocol/inspector --cli) through the governed flow, against
// `atlas-gate serve`: directly over Streamable HTTP with a bearer token, or through `atlas-gate
// connect` (stdio to the gateway's /mcp). Each call is one Inspector process and one MCP
// connection, so the governance session travels as session_id (SPEC §3). `tools/list --strict`
// must find no unportable schema (not even a warning) in any tool.
//
// Usage: node inspector.mjs http|connect; the settings come from the environment run.sh sets.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { governedFlow, prepareWorkspace } from './flow.mjs';
import { adminOperator } from './operator.mjs';
import { report, settings } from './settings.mjs';

const route = process.argv[2];
const env = settings(true);
const require = createRequire(import.meta.url);
const inspector = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/inspector/package.json')),
  'clients/launcher/build/index.js');

function target(token) {
  return route === 'http'
    ? [env.url, '--transport', 'http', '--header', `Authorization: Bearer ${token}`]
    : [
        ...Object.entries(env.processEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
        env.launcher,
        'connect',
        env.url,
        '--token',
        token,
      ];
}

/** Runs the Inspector once; answers its exit status and the JSON it printed. */
function inspect(token, ...args) {
  const run = spawnSync(process.execPath, [inspector, '--cli', ...target(token), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.error, undefined, String(run.error));
  const start = run.stdout.indexOf('{');
  assert.ok(start >= 0, `no JSON from the Inspector (exit ${run.status}): ${run.stderr}`);
  return { status: run.status, json: JSON.parse(run.stdout.slice(start)), stderr: run.stderr };
}

function adapter(token) {
  return {
    oneShot: true,
    listTools: async () => {
      const listed = inspect(token, '--method', 'tools/list', '--strict');
      assert.equal(listed.status, 0, `tools/list --strict: ${listed.stderr}`);
      // --strict exits 0 on warnings: a type array, say, is only a warning. Accept none.
      assert.doesNotMatch(listed.stderr, /^(Warning|Error): tool /m, listed.stderr);
      return listed.json.tools;
    },
    call: async (name, args) => {
      const pairs = Object.entries(args).map(
        ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      const called = inspect(
        token, '--method', 'tools/call', '--tool-name', name,
        ...(pairs.length ? ['--tool-arg', ...pairs] : []));
      // 0 for a result, 5 for an isError result; anything else is a protocol or client failure.
      assert.ok([0, 5].includes(called.status), `${name}: exit ${called.status} ${called.stderr}`);
      assert.equal(called.status === 5, called.json.isError === true, `${name}: ${called.stderr}`);
      return called.json;
    },
    close: async () => {},
  };
}

prepareWorkspace(env.workspace);
await report(`Inspector CLI over ${route === 'http' ? 'Streamable HTTP' : 'atlas-gate connect'}`, () =>
  governedFlow({
    open: async (role) => adapter(role === 'ANTIGRAVITY' ? env.plannerToken : env.executorToken),
    operator: adminOperator({ base: env.base, token: env.operatorToken, workspace: env.workspace }),
    workspace: env.workspace,
    reconnects: true,
    log: console.log,
  }));
