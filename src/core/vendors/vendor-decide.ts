import type { VendorField, VendorRecord, VendorSystem } from '../ports/vendor-ports.ts';
import { differingFields, duplicateKey, otherSide, ownerOf, SENSITIVE_FIELDS, vendorHash, type SystemOfRecord } from './vendor-fields.ts';

/** One write the sync wants to make on `target`, derived from the record on the other side. */
export interface PlannedWrite {
  readonly target: VendorSystem;
  readonly op: 'create' | 'update' | 'deactivate';
  /** Vendor id on the target side. */
  readonly id: string;
  /** Vendor id on the side the change came from. */
  readonly sourceId: string;
  readonly fields: Partial<Record<VendorField, string>>;
  /** Values on the target before the write (for masked audit rows of sensitive changes). */
  readonly before: Partial<Record<VendorField, string>>;
  /** The canonical target record once written: its hash becomes the pair's baseline (echo suppression). */
  readonly expected: Record<VendorField, string>;
  /** The baseline the write was planned against (part of the idempotency key, so A→B→A is not mistaken for a replay). */
  readonly baseline: string | null;
  readonly sensitive: boolean;
}

/** A record a person must look at (conflict, probable duplicate, change to a field the other side owns). */
export interface VendorProblem {
  readonly key: string;
  readonly class: 'validation' | 'duplicate';
  readonly message: string;
  readonly fix: string;
  readonly records: readonly VendorRecord[];
}

/** A linked pair found equal on both sides whose baseline needs refreshing (a state write only). */
export interface Relink {
  readonly sId: string;
  readonly iId: string;
  readonly hash: string;
}

/** What one comparison decided. */
export interface Decisions {
  readonly writes: PlannedWrite[];
  readonly relinks: Relink[];
  readonly problems: VendorProblem[];
  inSync: number;
}

/** Everything a comparison looks at; lookups are plain functions so the planner stays free of I/O. */
export interface DecideInput {
  readonly changed: { readonly sage300: readonly VendorRecord[]; readonly intacct: readonly VendorRecord[] };
  readonly all: { readonly sage300: ReadonlyMap<string, VendorRecord>; readonly intacct: ReadonlyMap<string, VendorRecord> };
  /** The linked counterpart id and the baseline hash, from the cross-references. */
  linked(system: VendorSystem, id: string): { otherId: string; hash: string | null } | undefined;
  /** The counterpart id from vendors.csv. */
  mapped(system: VendorSystem, id: string): string | undefined;
  readonly sor: SystemOfRecord;
  readonly integrationUser: Readonly<Record<VendorSystem, string>>;
}

const LABEL: Record<VendorSystem, string> = { sage300: 'Sage 300', intacct: 'Intacct' };

/** Splits the differing fields of a write into the ordinary part and the sensitive part (two approvers). */
function writesFor(target: VendorSystem, from: VendorRecord, to: VendorRecord | undefined, fields: readonly VendorField[], baseline: string | null, id: string): PlannedWrite[] {
  const out: PlannedWrite[] = [];
  const current: Record<VendorField, string> = to ? { ...to.fields } : { NAME: '', STATUS: 'active', TAXID: '', EMAIL: '', REMITTO: '' };
  const plain = fields.filter((f) => !SENSITIVE_FIELDS.has(f));
  const sensitive = fields.filter((f) => SENSITIVE_FIELDS.has(f) && (to !== undefined || from.fields[f] !== ''));
  const pick = (fs: readonly VendorField[], rec: Readonly<Record<VendorField, string>>) => Object.fromEntries(fs.map((f) => [f, rec[f]])) as Partial<Record<VendorField, string>>;
  if (!to || plain.length > 0) {
    const chosen = to ? plain : fields.filter((f) => !SENSITIVE_FIELDS.has(f));
    const expected = { ...current, ...pick(chosen, from.fields) };
    const op = !to ? 'create' : chosen.length === 1 && chosen[0] === 'STATUS' && from.fields.STATUS === 'inactive' ? 'deactivate' : 'update';
    out.push({ target, op, id, sourceId: from.id, fields: pick(chosen, from.fields), before: pick(chosen, current), expected, baseline, sensitive: false });
  }
  if (sensitive.length > 0) {
    const expected = { ...current, ...pick(plain, from.fields), ...pick(sensitive, from.fields) };
    out.push({ target, op: 'update', id, sourceId: from.id, fields: pick(sensitive, from.fields), before: pick(sensitive, current), expected, baseline, sensitive: true });
  }
  return out;
}

/**
 * Compares the changed vendors with their counterparts and decides, per pair: nothing (equal), a write from the side
 * that changed, a conflict (both changed since the baseline), a system-of-record refusal, a create, or a duplicate.
 * A change authored by the integration user on a side is our own echo and never counts as a change there.
 */
export function decideVendors(input: DecideInput): Decisions {
  const d: Decisions = { writes: [], relinks: [], problems: [], inSync: 0 };
  const seen = new Set<string>();
  const dupIndex: Record<VendorSystem, Map<string, VendorRecord>> = { sage300: new Map(), intacct: new Map() };
  for (const system of ['sage300', 'intacct'] as const) {
    for (const r of input.all[system].values()) {
      const k = duplicateKey(r);
      if (k !== undefined && !dupIndex[system].has(k)) dupIndex[system].set(k, r);
    }
  }

  for (const system of ['sage300', 'intacct'] as const) {
    const other = otherSide(system);
    for (const rec of input.changed[system]) {
      const link = input.linked(system, rec.id);
      const otherId = link?.otherId ?? input.mapped(system, rec.id);
      const [sId, iId] = system === 'sage300' ? [rec.id, otherId] : [otherId, rec.id];
      const pairKey = `${sId ?? '?'}|${iId ?? '?'}`;
      if (seen.has(pairKey)) continue;
      seen.add(pairKey);
      const counterpart = otherId === undefined ? undefined : input.all[other].get(otherId);
      if (!counterpart) {
        if (link) {
          d.problems.push({ key: rec.id, class: 'validation', message: `vendor ${rec.id} is linked to ${LABEL[other]} vendor ${otherId ?? '?'}, which no longer exists there`, fix: `restore the vendor in ${LABEL[other]} (vendors are made inactive, never deleted)`, records: [rec] });
          continue;
        }
        const sameId = input.all[other].get(rec.id);
        const k = duplicateKey(rec);
        const dup = sameId ?? (k === undefined ? undefined : dupIndex[other].get(k));
        if (dup) {
          d.problems.push({
            key: rec.id,
            class: 'duplicate',
            message: `${LABEL[system]} vendor ${rec.id} (${rec.fields.NAME}) is probably ${LABEL[other]} vendor ${dup.id} (${dup.fields.NAME}${sameId ? ', same id' : ', same name and tax id'}); no second record was created`,
            fix: `if they are the same vendor, add the row to mappings/vendors.csv; otherwise change the name or tax id so they can be told apart`,
            records: [rec, dup],
          });
          continue;
        }
        d.writes.push(...writesFor(other, rec, undefined, differingFields(rec, { ...rec, fields: { NAME: '', STATUS: '', TAXID: '', EMAIL: '', REMITTO: '' } }), null, rec.id));
        continue;
      }
      const s = system === 'sage300' ? rec : counterpart;
      const i = system === 'sage300' ? counterpart : rec;
      const hs = vendorHash(s.fields);
      const hi = vendorHash(i.fields);
      const baseline = link?.hash ?? null;
      if (hs === hi) {
        d.inSync++;
        if (baseline !== hs) d.relinks.push({ sId: s.id, iId: i.id, hash: hs });
        continue;
      }
      const diff = differingFields(s, i);
      if (baseline === null) {
        // First meeting of a mapped pair: each differing field comes from the system that owns it.
        for (const owner of ['sage300', 'intacct'] as const) {
          const fs = diff.filter((f) => ownerOf(input.sor, f) === owner);
          if (fs.length === 0) continue;
          const [from, to] = owner === 'sage300' ? [s, i] : [i, s];
          d.writes.push(...writesFor(otherSide(owner), from, to, fs, null, to.id));
        }
        continue;
      }
      const sChanged = hs !== baseline && s.modifiedBy !== input.integrationUser.sage300;
      const iChanged = hi !== baseline && i.modifiedBy !== input.integrationUser.intacct;
      if (sChanged && iChanged) {
        d.problems.push({
          key: s.id,
          class: 'validation',
          message: `conflict: vendor ${s.id} changed in both Sage 300 (by ${s.modifiedBy || '?'} at ${s.modifiedAt}) and Intacct (vendor ${i.id}, by ${i.modifiedBy || '?'} at ${i.modifiedAt}) since the last sync; differing fields: ${diff.join(', ')}. Nothing was written`,
          fix: 'decide which values are right and make both systems agree (edit one side to match the other); the next sync then links them again',
          records: [s, i],
        });
        continue;
      }
      if (!sChanged && !iChanged) continue; // our own write read back before its baseline moved: never echoed
      const [from, to, fromSide] = sChanged ? [s, i, 'sage300' as const] : [i, s, 'intacct' as const];
      const foreign = diff.filter((f) => ownerOf(input.sor, f) !== fromSide);
      const own = diff.filter((f) => ownerOf(input.sor, f) === fromSide);
      if (foreign.length > 0) {
        d.problems.push({
          key: s.id,
          class: 'validation',
          message: `vendor ${from.id} changed ${foreign.join(', ')} in ${LABEL[fromSide]}, but ${LABEL[otherSide(fromSide)]} is the system of record for ${foreign.length === 1 ? 'it' : 'them'}; not synced`,
          fix: `make the change in ${LABEL[otherSide(fromSide)]} instead (or revert it in ${LABEL[fromSide]}), or change sync.vendors.systemOfRecord`,
          records: [from, to],
        });
      }
      if (own.length > 0) d.writes.push(...writesFor(otherSide(fromSide), from, to, own, baseline, to.id));
    }
  }
  return d;
}
