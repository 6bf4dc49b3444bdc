import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';

function setup() {
  let now = Date.parse('2025-01-31T12:00:00.000Z');
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => now } });
  return { db, store, tick: (ms: number) => (now += ms) };
}

const VENDOR = { objectType: 'vendor', sourceSystem: 'sage300', sourceKey: 'V100', targetSystem: 'intacct', targetKey: 'V-100' };

describe('xrefs', () => {
  it('links a pair and finds it from both sides', () => {
    const { store } = setup();
    const linked = store.xrefs.link({ ...VENDOR, targetRecordNo: '42', contentHash: 'h1', writtenBy: 'run:1' });
    expect(linked).toMatchObject({
      ok: true,
      value: {
        isNew: true,
        xref: { targetRecordNo: '42', contentHash: 'h1', lastWrittenBy: 'run:1', lastWrittenAt: '2025-01-31T12:00:00.000Z' },
      },
    });
    expect(store.xrefs.bySource('vendor', 'sage300', 'V100', 'intacct')?.targetKey).toBe('V-100');
    expect(store.xrefs.byTarget('vendor', 'intacct', 'V-100', 'sage300')?.sourceKey).toBe('V100');
    expect(store.xrefs.bySource('customer', 'sage300', 'V100', 'intacct')).toBeUndefined();
  });

  it('tells which of many source keys are linked, per object type and direction, in one call', () => {
    const { store } = setup();
    store.xrefs.link(VENDOR);
    store.xrefs.link({ ...VENDOR, sourceKey: "V'200", targetKey: 'V-200' });
    store.xrefs.link({ ...VENDOR, objectType: 'customer', sourceKey: 'V300', targetKey: 'C-300' });
    const keys = ['V100', "V'200", 'V300', 'V400'];
    expect([...store.xrefs.linkedSources('vendor', 'sage300', 'intacct', keys)].sort()).toEqual(["V'200", 'V100']);
    expect([...store.xrefs.linkedSources('customer', 'sage300', 'intacct', keys)]).toEqual(['V300']);
    expect(store.xrefs.linkedSources('vendor', 'intacct', 'sage300', keys).size).toBe(0);
    expect(store.xrefs.linkedSources('vendor', 'sage300', 'intacct', []).size).toBe(0);
  });

  it('is idempotent for the same pair and refreshes the echo-suppression fields', () => {
    const { store, tick } = setup();
    store.xrefs.link({ ...VENDOR, contentHash: 'h1', writtenBy: 'run:1' });
    tick(60_000);
    const again = store.xrefs.link({ ...VENDOR, targetRecordNo: '42', contentHash: 'h2', writtenBy: 'run:2' });
    expect(again).toMatchObject({
      ok: true,
      value: {
        isNew: false,
        xref: { targetRecordNo: '42', contentHash: 'h2', lastWrittenBy: 'run:2', lastWrittenAt: '2025-01-31T12:01:00.000Z' },
      },
    });
    expect(store.xrefs.list('vendor')).toHaveLength(1);
  });

  it('returns xref_conflict when the source is already linked to another target, writing nothing', () => {
    const { store } = setup();
    store.xrefs.link(VENDOR);
    const clash = store.xrefs.link({ ...VENDOR, targetKey: 'V-999' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'xref_conflict', existing: { targetKey: 'V-100' } } });
    expect(store.xrefs.list('vendor').map((x) => x.targetKey)).toEqual(['V-100']);
  });

  it('returns xref_conflict when the target is already linked to another source', () => {
    const { store } = setup();
    store.xrefs.link(VENDOR);
    expect(store.xrefs.link({ ...VENDOR, sourceKey: 'V200' })).toMatchObject({
      ok: false,
      error: { code: 'xref_conflict', existing: { sourceKey: 'V100' } },
    });
  });

  it('returns xref_conflict when the same pair reports a different RECORDNO', () => {
    const { store } = setup();
    store.xrefs.link({ ...VENDOR, targetRecordNo: '42' });
    expect(store.xrefs.link({ ...VENDOR, targetRecordNo: '43' })).toMatchObject({ ok: false, error: { code: 'xref_conflict' } });
  });

  it('keeps the same keys apart per object type and per target system', () => {
    const { store } = setup();
    expect(store.xrefs.link(VENDOR).ok).toBe(true);
    expect(store.xrefs.link({ ...VENDOR, objectType: 'customer' }).ok).toBe(true);
    expect(store.xrefs.link({ ...VENDOR, targetSystem: 'other' }).ok).toBe(true);
    expect(store.xrefs.list('vendor')).toHaveLength(2);
  });
});
