// What the client scripts share: their settings from the environment run.sh sets, and the report
// of one flow (a PASS line, or the failure and exit status 1).
import assert from 'node:assert/strict';

/** Every refusal code the flow must see arrive as an isError result, whatever the client. */
export const EXPECTED_REFUSALS = [
  'SESSION_REQUIRED',
  'INVALID_ARGUMENT',
  'WORKSPACE_INVALID',
  'ROLE_FORBIDDEN',
  'PLAN_LINT_FAILED',
  'FILE_NOT_FOUND',
  'PLAN_NOT_FOUND',
  'PLAN_NOT_APPROVED',
  'PATH_NOT_IN_PLAN_SCOPE',
  'PHASE_NOT_IN_PLAN',
  'PATH_OUTSIDE_WORKSPACE',
  'PATH_PROTECTED',
  'SESSION_EXPIRED',
];

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (clients/run.sh sets it)`);
  }
  return value;
}

/** The settings of a run; remote adds the gateway's URL and the three bearer tokens. */
export function settings(remote) {
  const base = {
    launcher: required('ATLAS_GATE'),
    workspace: required('WORKSPACE'),
    // The stdio transports of the SDKs pass only a safe list of variables to the server: name
    // what the gateway needs.
    processEnv: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ATLAS_HOME: required('ATLAS_HOME'),
      ATLAS_WORKSPACES: process.env.ATLAS_WORKSPACES ?? '',
      ATLAS_INSTANCE_ID: 'clients',
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
    },
  };
  if (!remote) {
    return base;
  }
  const url = required('MCP_URL');
  return {
    ...base,
    url,
    base: new URL(url).origin,
    plannerToken: required('PLANNER_TOKEN'),
    executorToken: required('EXECUTOR_TOKEN'),
    operatorToken: required('OPERATOR_TOKEN'),
  };
}

/** Runs one client's flow; prints PASS with the refusals seen, or the failure, and sets the exit. */
export async function report(name, flow) {
  try {
    const seen = await flow();
    const missing = EXPECTED_REFUSALS.filter((code) => !seen.includes(code));
    assert.deepEqual(missing, [], `refusals never seen: ${missing.join(', ')}`);
    console.log(`PASS ${name}: ${seen.length} refusals, each an isError result with its code`);
  } catch (error) {
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
    process.exitCode = 1;
  }
}
