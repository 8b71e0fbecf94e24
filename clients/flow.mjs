// The governed flow that every client of the matrix must carry (SPEC §2-§7), written once for all
// of them: a planner begins a session and saves a plan, a human approves it, an executor writes
// within it, every kind of refusal arrives as an isError result whose text names its code, and the
// audit chain verifies. A client is an adapter with listTools() and call(name, args); a one-shot
// client (a new connection per call, as the Inspector CLI runs) carries the governance session by
// passing session_id, which SPEC §3 promises works after the connection that began it is gone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const PLAN = {
  plan_id: 'APP_BOOTSTRAP',
  version: 1,
  title: 'Bootstrap the application',
  objective: 'Create the first source files of the application.',
  scope: { allow: ['src/**'], deny: ['src/secrets/**'] },
  phases: [{ phase_id: 'BUILD', objective: 'Write the entry point.', allow: ['src/*.txt'] }],
  verification: ['The file src/app.txt exists.'],
};

/** Prepares a workspace as the flow expects it: a README, a src directory and a .git directory. */
export function prepareWorkspace(workspace) {
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
  fs.mkdirSync(path.join(workspace, '.git'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.git', 'config'), '[core]\n');
  fs.writeFileSync(path.join(workspace, 'README.md'), '# demo\n');
}

/** Asserts a success: no isError, structured content present; answers the structured content. */
export function ok(result, what) {
  assert.notEqual(result.isError, true, `${what} failed: ${JSON.stringify(result)}`);
  assert.ok(result.structuredContent, `${what} has no structuredContent: ${JSON.stringify(result)}`);
  return result.structuredContent;
}

/**
 * Asserts a refusal as SPEC §2 has it: isError, no structuredContent, one text block starting with
 * [CODE] whose last line is {"error": {"code", "message", ...}}.
 */
export function refused(result, code, what) {
  const shown = JSON.stringify(result);
  assert.equal(result.isError, true, `${what}: expected ${code}, got ${shown}`);
  assert.equal(result.structuredContent, undefined, `${what}: a refusal with structuredContent`);
  assert.equal(result.content?.length, 1, `${what}: expected one content block: ${shown}`);
  const text = result.content[0].text;
  assert.ok(text.startsWith(`[${code}] `), `${what}: expected [${code}], got ${text}`);
  const details = JSON.parse(text.slice(text.lastIndexOf('\n') + 1));
  assert.equal(details.error?.code, code, `${what}: details ${text}`);
  assert.equal(typeof details.error?.message, 'string', `${what}: details ${text}`);
}

function writeArgs(filePath, content, planHash, phase) {
  return {
    path: filePath,
    content,
    plan_hash: planHash,
    phase_id: phase,
    intent: 'Write the application entry point.',
  };
}

/**
 * Runs the flow. open(role) answers a connected client adapter; operator has approve(hash) and
 * revoke(hash); reconnects says that sessions outlive a client's connection (a remote gateway);
 * log(line) reports progress. Answers the refusal codes seen, in order.
 */
export async function governedFlow({ open, operator, workspace, reconnects, log = () => {} }) {
  const seen = [];
  const expectRefused = async (client, session, tool, args, code) => {
    refused(await call(client, session, tool, args), code, tool);
    seen.push(code);
    log(`  refused as expected: ${tool} -> ${code}`);
  };
  const begin = (role, root = workspace) => ({ workspace_root: root, role });

  const planner = await open('ANTIGRAVITY');
  let planHash;
  let plannerSession;
  try {
    await planner.listTools();
    await expectRefused(planner, null, 'list_files', {}, 'SESSION_REQUIRED');
    await expectRefused(planner, null, 'begin_session', begin('NOBODY'), 'INVALID_ARGUMENT');
    await expectRefused(
      planner, null, 'begin_session', begin('ANTIGRAVITY', path.join(workspace, 'missing')), 'WORKSPACE_INVALID');

    const session = ok(await planner.call('begin_session', begin('ANTIGRAVITY')), 'begin_session');
    assert.equal(session.role, 'ANTIGRAVITY');
    plannerSession = session.session_id;
    log(`  planner session ${plannerSession}`);
    // A connection bound to a session lists its role's tools; a new one (one-shot) lists all.
    const names = (await planner.listTools()).map((t) => t.name);
    assert.ok(names.includes('save_plan'), names.join(','));
    assert.equal(names.includes('write_file'), planner.oneShot, names.join(','));
    if (!planner.oneShot) {
      await expectRefused(
        planner, plannerSession, 'begin_session', begin('ANTIGRAVITY'), 'SESSION_ALREADY_ACTIVE');
    }
    await expectRefused(
      planner, plannerSession, 'write_file', writeArgs('src/app.txt', 'x', '0'.repeat(64), 'BUILD'),
      'ROLE_FORBIDDEN');
    const lint = ok(
      await call(planner, plannerSession, 'lint_plan', { plan: { plan_id: 'bad' } }), 'lint_plan');
    assert.equal(lint.passed, false);
    await expectRefused(
      planner, plannerSession, 'save_plan', { plan: { plan_id: 'bad' } }, 'PLAN_LINT_FAILED');
    const saved = ok(await call(planner, plannerSession, 'save_plan', { plan: PLAN }), 'save_plan');
    assert.equal(saved.status, 'DRAFT');
    planHash = saved.plan_hash;
    assert.match(planHash, /^[0-9a-f]{64}$/);
    log(`  plan saved: ${planHash}`);
    const read = ok(await call(planner, plannerSession, 'read_file', { path: 'README.md' }), 'read');
    assert.equal(read.content, '# demo\n');
    await expectRefused(
      planner, plannerSession, 'read_file', { path: 'missing.md' }, 'FILE_NOT_FOUND');
    await expectRefused(
      planner, plannerSession, 'read_plan', { plan_hash: 'f'.repeat(64) }, 'PLAN_NOT_FOUND');
    ok(await call(planner, plannerSession, 'read_plan', { plan_hash: planHash }), 'read_plan');
    ok(await call(planner, plannerSession, 'read_prompt', {}), 'read_prompt');
  } finally {
    await planner.close();
  }

  const executor = await open('WINDSURF');
  try {
    await executor.listTools();
    const session = ok(await executor.call('begin_session', begin('WINDSURF')), 'begin_session');
    const s = session.session_id;
    const names = (await executor.listTools()).map((t) => t.name);
    assert.ok(names.includes('write_file'), names.join(','));
    assert.equal(names.includes('save_plan'), executor.oneShot, names.join(','));
    await expectRefused(
      executor, s, 'write_file', writeArgs('src/app.txt', 'hello', planHash, 'BUILD'),
      'PLAN_NOT_APPROVED');
    await expectRefused(executor, s, 'save_plan', { plan: PLAN }, 'ROLE_FORBIDDEN');
    await expectRefused(
      executor, s, 'write_file', { path: 'src/app.txt', content: 'x' }, 'INVALID_ARGUMENT');

    await operator.approve(planHash);
    log('  plan approved by the operator');

    const created = ok(
      await call(executor, s, 'write_file', writeArgs('src/app.txt', 'hello', planHash, 'BUILD')),
      'write_file (new file)');
    assert.equal(created.bytes, 5);
    assert.equal(created.sha256_before, undefined, 'a new file has no sha256_before');
    const replaced = ok(
      await call(executor, s, 'write_file', writeArgs('src/app.txt', 'hello!', planHash, 'BUILD')),
      'write_file (existing file)');
    assert.equal(replaced.sha256_before, created.sha256_after);
    assert.equal(fs.readFileSync(path.join(workspace, 'src', 'app.txt'), 'utf8'), 'hello!');

    await expectRefused(
      executor, s, 'write_file', writeArgs('docs/notes.md', 'x', planHash, 'BUILD'),
      'PATH_NOT_IN_PLAN_SCOPE');
    await expectRefused(
      executor, s, 'write_file', writeArgs('src/app.txt', 'x', planHash, 'DEPLOY'),
      'PHASE_NOT_IN_PLAN');
    await expectRefused(
      executor, s, 'write_file', writeArgs('../escape.txt', 'x', planHash, 'BUILD'),
      'PATH_OUTSIDE_WORKSPACE');
    await expectRefused(
      executor, s, 'write_file', writeArgs('.git/config', 'x', planHash, 'BUILD'),
      'PATH_PROTECTED');
    await expectRefused(executor, s, 'read_file', { path: '.git/config' }, 'PATH_PROTECTED');
    assert.equal(fs.existsSync(path.join(path.dirname(workspace), 'escape.txt')), false);

    ok(await call(executor, s, 'list_files', {}), 'list_files');
    ok(await call(executor, s, 'list_plans', {}), 'list_plans');
    if (!executor.oneShot) {
      // read_audit_log's session_id filters entries: only a bound connection names the session.
      ok(await call(executor, s, 'read_audit_log', { limit: 5 }), 'read_audit_log');
    }

    await operator.revoke(planHash);
    log('  plan revoked by the operator');
    await expectRefused(
      executor, s, 'write_file', writeArgs('src/app.txt', 'again', planHash, 'BUILD'),
      'PLAN_NOT_APPROVED');

    const verified = ok(await call(executor, s, 'verify_audit_log', {}), 'verify_audit_log');
    assert.equal(verified.valid, true, JSON.stringify(verified));
    assert.ok(verified.entries_checked > 0);
    log(`  audit chain valid: ${verified.entries_checked} entries`);

    const ended = ok(await call(executor, s, 'end_session', {}), 'end_session');
    assert.deepEqual(ended, { session_id: s, ended: true });
    await expectRefused(executor, s, 'list_files', {}, 'SESSION_EXPIRED');
  } finally {
    await executor.close();
  }

  if (!reconnects) {
    return seen; // stdio: the session lives in the gateway process, which ends with the client
  }
  // The planner's session outlived its connection: a new client carries on with its session_id.
  const again = await open('ANTIGRAVITY');
  try {
    await again.listTools();
    const plans = ok(
      await again.call('list_plans', { session_id: plannerSession }), 'list_plans by session_id');
    assert.ok(plans.plans.some((p) => p.plan_hash === planHash && p.status === 'REVOKED'));
    ok(await again.call('end_session', { session_id: plannerSession }), 'end_session');
  } finally {
    await again.close();
  }
  return seen;
}

/** A call in the session: one-shot clients name it, connected ones use the bound session. */
function call(client, session, tool, args) {
  return client.call(tool, client.oneShot && session ? { ...args, session_id: session } : args);
}
