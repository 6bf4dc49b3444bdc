/**
 * `sagebridge audit checkpoint` and `audit verify` against the configured checkpoint sinks, through the real bin:
 * exit 0 covered, 3 rows after the latest checkpoint, 1 tail cut off; a key from $SAGEBRIDGE_AUDIT_SIGNING_KEY;
 * `--checkpoints FILE` with `--public-key`, and `--no-checkpoints`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SIGNING_KEY_ENV } from '../../src/server/audit-checkpoint-key.ts';
import { openAuditLog } from '../../src/server/audit-log.ts';
import { runCli as cli } from '../helpers/spawn-cli.ts';

function deployment(rows: number, audit: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-checkpoint-cli-'));
  const config = join(dir, 'sagebridge.config.json');
  writeFileSync(config, JSON.stringify({ stateDir: join(dir, 'state'), logLevel: 'silent', audit }));
  const db = join(dir, 'state', 'audit.db');
  const append = (n: number) => {
    const log = openAuditLog(db);
    for (let i = 0; i < n; i++)
      log.append({ kind: 'tool_call', principal: 'alice', action: 'list_change_sets', decision: 'allowed', outcome: 'ok', detail: { i } });
    log.close();
  };
  append(rows);
  return { dir, config, db, append };
}

describe('sagebridge audit checkpoint / verify', () => {
  it('checks the tail against the default checkpoint file: covered, then rows after it, then rows cut off', async () => {
    const { config, db, append } = deployment(5);
    const first = await cli(['--config', config, 'audit', 'verify']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/no checkpoints yet at .*audit\.db\.checkpoints\.jsonl: the tail of the log was not checked/);

    const cp = await cli(['--config', config, 'audit', 'checkpoint']);
    expect(cp.code, cp.stderr).toBe(0);
    expect(JSON.parse(cp.stdout)).toMatchObject({ v: 1, seq: 5 });
    expect(existsSync(`${db}.checkpoints.jsonl`)).toBe(true);

    const covered = await cli(['--config', config, 'audit', 'verify']);
    expect(covered.code).toBe(0);
    expect(covered.stdout.split('\n')[1]).toMatch(/^CHECKPOINT OK: every row is covered; latest checkpoint: seq 5 /);

    append(2);
    const tail = await cli(['--config', config, 'audit', 'verify']);
    expect(tail.code).toBe(3);
    expect(tail.stdout).toMatch(/2 rows after it are not covered/);
    expect((await cli(['--config', config, 'audit', 'verify', '--no-checkpoints'])).code).toBe(0);

    await cli(['--config', config, 'audit', 'checkpoint']);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_events_no_delete');
    raw.exec('DELETE FROM audit_events WHERE seq > 4');
    raw.close();
    const cut = await cli(['--config', config, 'audit', 'verify', '--json']);
    expect(cut.code).toBe(1);
    const json = JSON.parse(cut.stdout) as { ok: boolean; checkpoint: { status: string; problems: string[] } };
    expect(json.ok).toBe(true);
    expect(json.checkpoint.status).toBe('broken');
    expect(json.checkpoint.problems[0]).toMatch(
      /the log ends at seq 4, but the checkpoint of .* saw seq 7: rows 5\.\.7 were cut off the end/,
    );
  }, 120_000);

  it('signs with the key from $SAGEBRIDGE_AUDIT_SIGNING_KEY and verifies with --checkpoints and --public-key', async () => {
    const { dir, config, db } = deployment(3);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const env = { [SIGNING_KEY_ENV]: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    const cp = await cli(['--config', config, 'audit', 'checkpoint'], env);
    expect(cp.code, cp.stderr).toBe(0);
    expect(existsSync(join(dir, 'state', 'audit-signing-key.pem'))).toBe(false);
    const pub = join(dir, 'pub.pem');
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    const checked = await cli(['--config', config, 'audit', 'verify', '--checkpoints', `${db}.checkpoints.jsonl`, '--public-key', pub]);
    expect(checked.code, checked.stderr).toBe(0);
  }, 120_000);

  it('names a key that is not Ed25519, in one line', async () => {
    const { config } = deployment(1);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const run = await cli(['--config', config, 'audit', 'checkpoint'], {
      [SIGNING_KEY_ENV]: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'sagebridge: internal error: $SAGEBRIDGE_AUDIT_SIGNING_KEY holds a ec key; audit checkpoints need an Ed25519 private key (PKCS#8 PEM)',
    ]);
  });
});
