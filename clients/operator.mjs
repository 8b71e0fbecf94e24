// The human side of the flow: approving and revoking a plan, through the CLI (local shape) or the
// admin endpoint with an operator token (remote shape).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

/** An operator who runs `atlas-gate plan approve|revoke HASH --workspace WS` on the gateway's home. */
export function cliOperator({ launcher, env, workspace }) {
  // execFileSync throws when the command exits non-zero, with its stderr shown.
  const run = (...args) =>
    execFileSync(launcher, ['plan', ...args, '--workspace', workspace], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  return {
    approve: async (hash) => run('approve', hash, '--approver', 'alice', '--yes'),
    revoke: async (hash) => run('revoke', hash),
  };
}

/** An operator who POSTs to /admin/plans/{hash}/approve|revoke with an operator bearer token. */
export function adminOperator({ base, token, workspace }) {
  const post = async (verb, hash) => {
    const response = await fetch(`${base}/admin/plans/${hash}/${verb}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ workspace }),
    });
    const body = await response.text();
    assert.equal(response.status, 200, `${verb}: HTTP ${response.status} ${body}`);
    return body;
  };
  return {
    approve: async (hash) => post('approve', hash),
    revoke: async (hash) => post('revoke', hash),
  };
}
