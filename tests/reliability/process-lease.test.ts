/**
 * Two processes share a state dir: recovery in one never takes the work of the other while it lives, and cleans it
 * up once it is SIGKILLed (its lease lock is dropped by the operating system).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { STATE_MIGRATIONS, createStateStore } from '../../src/core/state/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { acquireProcessLease } from '../../src/platform/process-lease.ts';
import { openStateDb } from '../../src/platform/state-db.ts';

const HOLDER = fileURLToPath(new URL('../fixtures/lease-holder.ts', import.meta.url));

describe('recovery with a state dir shared by live processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagebridge-lease-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves a live process's executing change set alone and recovers it once that process is SIGKILLed", async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [line] = (await Promise.race([
      once(child.stdout, 'data'),
      once(child, 'exit').then(() => {
        throw new Error(`holder exited: ${stderr}`);
      }),
    ])) as [Buffer];
    const [, changeSetId, runId] = line.toString().trim().split(' ').map(Number);

    const db = openStateDb(join(dir, 'state.db'), { migrations: STATE_MIGRATIONS });
    const lease = acquireProcessLease(join(dir, 'leases'));
    try {
      const store = createStateStore(db, { clock: systemClock, ownership: lease });
      // The holder is alive: nothing of its work moves, not even its write in flight.
      expect(store.recover()).toEqual({ unknown: 0, changeSets: [], runs: [] });
      expect(store.changeSets.get(changeSetId!)?.status).toBe('executing');
      expect(store.outbox.get('gl:A:JE-1:v1')?.state).toBe('sending');
      expect(store.runs.get(runId!)?.status).toBe('running');

      child.kill('SIGKILL');
      await once(child, 'exit');
      const report = store.recover();
      expect(report.unknown).toBe(1);
      expect(report.changeSets).toMatchObject([{ id: changeSetId, to: 'approved', remaining: 2 }]);
      expect(report.runs.map((r) => r.id)).toEqual([runId]);
      expect(store.runs.get(runId!)?.status).toBe('interrupted');
      // The dead holder's lease file is gone; only ours is left.
      expect(readdirSync(join(dir, 'leases'))).toEqual([`${lease.self}.lease`]);
    } finally {
      lease.release();
      db.close();
      child.kill('SIGKILL');
    }
  });
});
