import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VendorSidePort } from '../../src/core/ports/party-ports.ts';
import type { VendorField, VendorRecord, VendorSystem } from '../../src/core/ports/vendor-ports.ts';
import { createStateStore, STATE_MIGRATIONS } from '../../src/core/state/index.ts';
import { vendorsPipeline, type VendorDeps, type VendorSyncSummary } from '../../src/core/vendors/index.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { openStateDb } from '../../src/platform/state-db.ts';

/** An in-memory side: records carry a change sequence, so `changes` is a cursor read like the real adapters. */
function fakeSide(
  system: VendorSystem,
  user: string,
  records: Map<string, VendorRecord & { seq: number }>,
  latencyMs: number,
): VendorSidePort & { edit(id: string, f: Partial<Record<VendorField, string>>): void } {
  let seq = 0;
  let requests = 0;
  for (const r of records.values()) r.seq = ++seq;
  const put = (r: VendorRecord) => records.set(r.id, { ...r, seq: ++seq });
  return {
    system,
    integrationUser: user,
    batchSize: 50,
    concurrency: 2,
    changes(cursor) {
      const since = typeof cursor === 'number' ? cursor : 0;
      return Promise.resolve({ records: [...records.values()].filter((r) => r.seq > since), cursor: seq, rowErrors: [] });
    },
    all() {
      return Promise.resolve([...records.values()]);
    },
    async write(writes) {
      requests++;
      await new Promise((r) => setTimeout(r, latencyMs));
      return writes.map((w) => {
        const current = records.get(w.id);
        put({
          id: w.id,
          fields: { ...(current?.fields ?? { NAME: '', STATUS: 'active', TAXID: '', EMAIL: '', REMITTO: '' }), ...w.fields },
          modifiedBy: user,
          modifiedAt: '',
        });
        return { ok: true, recordNo: w.id, alreadyApplied: false };
      });
    },
    requests: () => requests,
    controlIdFor: (k) => k,
    edit(id, f) {
      const current = records.get(id)!;
      put({ ...current, fields: { ...current.fields, ...f }, modifiedBy: 'CLERK' });
    },
  };
}

/**
 * 10,000 vendors linked on both sides, then 1% changed on each side (different vendors): wall time and peak RSS of the
 * sync that writes them (plan, confirm, execute against in-memory sides with a per-request latency), and of the
 * re-run that must write nothing. The state store is a real SQLite file.
 */
export async function benchVendorSync(options: { vendors: number; latencyMs: number }): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-vendor-bench-'));
  try {
    const db = openStateDb(join(dir, 'state.db'), { migrations: STATE_MIGRATIONS });
    const store = createStateStore(db, { clock: systemClock });
    const make = () =>
      new Map(
        Array.from({ length: options.vendors }, (_, i) => {
          const id = `V${String(i).padStart(6, '0')}`;
          return [
            id,
            {
              id,
              fields: {
                NAME: `Vendor ${i}`,
                STATUS: 'active',
                TAXID: `${10 + (i % 89)}-${1_000_000 + i}`,
                EMAIL: `ap${i}@example.com`,
                REMITTO: '',
              },
              modifiedBy: 'SEED',
              modifiedAt: '',
              seq: 0,
            },
          ] as const;
        }),
      );
    const s300 = fakeSide('sage300', 'WEBAPI', make(), options.latencyMs);
    const intacct = fakeSide('intacct', 'sync_user', make(), options.latencyMs);
    const deps: VendorDeps = {
      store,
      sage300: s300,
      intacct,
      mapped: (_s, id) => id,
      systemOfRecord: { default: 'sage300', fields: { EMAIL: 'intacct' } },
      alerts: { exceptionRaised: async () => {} },
      log: silentLogger(),
    };
    const run = async (): Promise<{ ms: number; summary: VendorSyncSummary }> => {
      const t0 = performance.now();
      const summary = await runChangeSet(vendorsPipeline, deps, {
        company: 'BENCH',
        principal: 'bench',
        direction: 'both',
        approve: () => Promise.resolve({ decision: 'approved', by: 'bench', selfConfirmed: true }),
      });
      return { ms: Math.round(performance.now() - t0), summary };
    };
    const initial = await run();
    const changed = Math.floor(options.vendors / 100);
    for (let i = 0; i < changed; i++) {
      s300.edit(`V${String(i * 2).padStart(6, '0')}`, { NAME: `Vendor ${i * 2} (renamed in Sage)` });
      intacct.edit(`V${String(i * 2 + 1).padStart(6, '0')}`, { EMAIL: `changed${i}@example.com` });
    }
    const rssBefore = process.memoryUsage().rss;
    const sync = await run();
    const rerun = await run();
    db.close();
    return {
      name: 'vendor_sync',
      vendors: options.vendors,
      changedPerSide: changed,
      latencyMs: options.latencyMs,
      initialLinkMs: initial.ms,
      syncMs: sync.ms,
      written: sync.summary.execution?.written ?? 0,
      rerunMs: rerun.ms,
      rerunWritten: rerun.summary.execution?.written ?? 0,
      rssBeforeMb: Math.round(rssBefore / 1e6),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1e3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
