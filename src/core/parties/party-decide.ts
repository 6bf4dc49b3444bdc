import type { PartyRecord, PartySystem } from '../ports/party-ports.ts';
import {
  differingFieldsOf,
  otherSide,
  ownerOf,
  partyHash,
  SYSTEM_LABEL as LABEL,
  type PartySpec,
  type SystemOfRecord,
} from './party-spec.ts';

/** One write the sync wants to make on `target`, derived from the record on the other side. */
export interface PlannedWrite<F extends string> {
  readonly target: PartySystem;
  readonly op: 'create' | 'update' | 'deactivate';
  /** Party id on the target side. */
  readonly id: string;
  /** Party id on the side the change came from. */
  readonly sourceId: string;
  readonly fields: Partial<Record<F, string>>;
  /** Values on the target before the write (masked audit rows of sensitive changes, the preview's highlights). */
  readonly before: Partial<Record<F, string>>;
  /** The canonical target record once written: its hash becomes the pair's baseline (echo suppression). */
  readonly expected: Record<F, string>;
  /** The baseline the write was planned against (part of the idempotency key, so A→B→A is not mistaken for a replay). */
  readonly baseline: string | null;
  readonly sensitive: boolean;
}

/** A record a person must look at (conflict, probable duplicate, change to a field the other side owns, invalid record). */
interface PartyProblem<F extends string> {
  readonly key: string;
  readonly class: 'validation' | 'duplicate';
  /** True for a record changed on both sides since the last sync (counted apart in the preview). */
  readonly conflict?: boolean;
  readonly message: string;
  readonly fix: string;
  readonly records: readonly PartyRecord<F>[];
}

/** A linked pair found equal on both sides whose baseline needs refreshing (a state write only). */
interface Relink {
  readonly sId: string;
  readonly iId: string;
  readonly hash: string;
}

/** What one comparison decided. */
export interface Decisions<F extends string> {
  readonly writes: PlannedWrite<F>[];
  readonly relinks: Relink[];
  readonly problems: PartyProblem<F>[];
  inSync: number;
  /** Unlinked, unmapped parties paired with the same id on the other side (equal, or last written by us). */
  matchedById: number;
}

/** Everything a comparison looks at; lookups are plain functions so the planner stays free of I/O. */
export interface DecideInput<F extends string> {
  readonly changed: { readonly sage300: readonly PartyRecord<F>[]; readonly intacct: readonly PartyRecord<F>[] };
  readonly all: { readonly sage300: ReadonlyMap<string, PartyRecord<F>>; readonly intacct: ReadonlyMap<string, PartyRecord<F>> };
  /** The linked counterpart id and the baseline hash, from the cross-references. */
  linked(system: PartySystem, id: string): { otherId: string; hash: string | null } | undefined;
  /** The counterpart id from the mapping file. */
  mapped(system: PartySystem, id: string): string | undefined;
  readonly sor: SystemOfRecord<F>;
  readonly integrationUser: Readonly<Record<PartySystem, string>>;
}

const pick = <F extends string>(fs: readonly F[], rec: Readonly<Record<F, string>>) =>
  Object.fromEntries(fs.map((f) => [f, rec[f]])) as Partial<Record<F, string>>;

/** Splits the differing fields of a write into the ordinary part and the sensitive part (more approvers). */
function writesFor<F extends string>(
  spec: PartySpec<F>,
  target: PartySystem,
  from: PartyRecord<F>,
  to: PartyRecord<F> | undefined,
  fields: readonly F[],
  baseline: string | null,
  id: string,
): PlannedWrite<F>[] {
  const out: PlannedWrite<F>[] = [];
  const blank = Object.fromEntries(spec.fields.map((f) => [f, f === spec.statusField ? 'active' : ''])) as Record<F, string>;
  const current: Record<F, string> = to ? { ...to.fields } : blank;
  const plain = fields.filter((f) => !spec.sensitive.has(f));
  const sensitive = fields.filter((f) => spec.sensitive.has(f) && (to !== undefined || from.fields[f] !== ''));
  if (!to || plain.length > 0) {
    const expected = { ...current, ...pick(plain, from.fields) };
    const only = plain.length === 1 && plain[0] === spec.statusField && from.fields[spec.statusField] === 'inactive';
    const op = !to ? 'create' : only ? 'deactivate' : 'update';
    out.push({
      target,
      op,
      id,
      sourceId: from.id,
      fields: pick(plain, from.fields),
      before: pick(plain, current),
      expected,
      baseline,
      sensitive: false,
    });
  }
  if (sensitive.length > 0) {
    const expected = { ...current, ...pick(plain, from.fields), ...pick(sensitive, from.fields) };
    out.push({
      target,
      op: 'update',
      id,
      sourceId: from.id,
      fields: pick(sensitive, from.fields),
      before: pick(sensitive, current),
      expected,
      baseline,
      sensitive: true,
    });
  }
  return out;
}

/** Adds the writes, or one validation problem when the resulting record cannot be written to its target. */
function push<F extends string>(
  spec: PartySpec<F>,
  d: Decisions<F>,
  writes: PlannedWrite<F>[],
  key: string,
  records: readonly PartyRecord<F>[],
): void {
  const last = writes[writes.length - 1];
  const bad = last && spec.invalidFor?.(last.target, last.id, last.expected);
  if (!last || !bad) {
    d.writes.push(...writes);
    return;
  }
  d.problems.push({
    key,
    class: 'validation',
    message: `${spec.noun} ${last.sourceId} cannot be written to ${LABEL[last.target]} ${spec.noun} ${last.id}: ${bad.message}; nothing was written for it`,
    fix: bad.fix,
    records,
  });
}

/**
 * Compares the changed parties with their counterparts and decides, per pair: nothing (equal), a write from the side
 * that changed, a conflict (both changed since the baseline), a system-of-record refusal, a create, or a duplicate.
 * A change authored by the integration user on a side is our own echo and never counts as a change there.
 */
export function decideParties<F extends string>(spec: PartySpec<F>, input: DecideInput<F>): Decisions<F> {
  const { noun } = spec;
  const d: Decisions<F> = { writes: [], relinks: [], problems: [], inSync: 0, matchedById: 0 };
  const seen = new Set<string>();
  const dupIndex: Record<PartySystem, Map<string, PartyRecord<F>>> = { sage300: new Map(), intacct: new Map() };
  for (const system of ['sage300', 'intacct'] as const) {
    for (const r of input.all[system].values()) {
      const k = spec.duplicateKey(r);
      if (k !== undefined && !dupIndex[system].has(k)) dupIndex[system].set(k, r);
    }
  }

  for (const system of ['sage300', 'intacct'] as const) {
    const other = otherSide(system);
    for (const rec of input.changed[system]) {
      const link = input.linked(system, rec.id);
      let otherId = link?.otherId ?? input.mapped(system, rec.id);
      let pairedById = false;
      if (otherId === undefined) {
        // No link and no mapping (e.g. a lost state store): the same id on the other side is this party when it is
        // equal or was last written by the integration user, so it is paired (first meeting), not reported as a duplicate.
        const same = input.all[other].get(rec.id);
        if (
          same &&
          !input.linked(other, same.id) &&
          (partyHash(spec, rec.fields) === partyHash(spec, same.fields) || same.modifiedBy === input.integrationUser[other])
        ) {
          otherId = rec.id;
          pairedById = true;
        }
      }
      const [sId, iId] = system === 'sage300' ? [rec.id, otherId] : [otherId, rec.id];
      const pairKey = `${sId ?? '?'}|${iId ?? '?'}`;
      if (seen.has(pairKey)) continue;
      seen.add(pairKey);
      if (pairedById) d.matchedById++;
      const counterpart = otherId === undefined ? undefined : input.all[other].get(otherId);
      if (!counterpart) {
        if (link) {
          d.problems.push({
            key: rec.id,
            class: 'validation',
            message: `${noun} ${rec.id} is linked to ${LABEL[other]} ${noun} ${otherId ?? '?'}, which no longer exists there`,
            fix: `restore the ${noun} in ${LABEL[other]} (${noun}s are made inactive, never deleted)`,
            records: [rec],
          });
          continue;
        }
        const sameId = input.all[other].get(rec.id);
        const k = spec.duplicateKey(rec);
        const dup = sameId ?? (k === undefined ? undefined : dupIndex[other].get(k));
        if (dup) {
          const name = (r: PartyRecord<F>) => r.fields[spec.nameField];
          d.problems.push({
            key: rec.id,
            class: 'duplicate',
            message: `${LABEL[system]} ${noun} ${rec.id} (${name(rec)}) is probably ${LABEL[other]} ${noun} ${dup.id} (${name(dup)}${sameId ? ', same id' : `, ${spec.duplicateBasis}`}); no second record was created`,
            fix: spec.duplicateFix,
            records: [rec, dup],
          });
          continue;
        }
        push(
          spec,
          d,
          writesFor(
            spec,
            other,
            rec,
            undefined,
            spec.fields.filter((f) => rec.fields[f] !== ''),
            null,
            rec.id,
          ),
          rec.id,
          [rec],
        );
        continue;
      }
      const s = system === 'sage300' ? rec : counterpart;
      const i = system === 'sage300' ? counterpart : rec;
      const hs = partyHash(spec, s.fields);
      const hi = partyHash(spec, i.fields);
      const baseline = link?.hash ?? null;
      if (hs === hi) {
        d.inSync++;
        if (baseline !== hs) d.relinks.push({ sId: s.id, iId: i.id, hash: hs });
        continue;
      }
      const diff = differingFieldsOf(spec, s, i);
      if (baseline === null) {
        // First meeting of a mapped pair: each differing field comes from the system that owns it.
        for (const owner of ['sage300', 'intacct'] as const) {
          const fs = diff.filter((f) => ownerOf(input.sor, f) === owner);
          if (fs.length === 0) continue;
          const [from, to] = owner === 'sage300' ? [s, i] : [i, s];
          push(spec, d, writesFor(spec, otherSide(owner), from, to, fs, null, to.id), s.id, [from, to]);
        }
        continue;
      }
      const sChanged = hs !== baseline && s.modifiedBy !== input.integrationUser.sage300;
      const iChanged = hi !== baseline && i.modifiedBy !== input.integrationUser.intacct;
      if (sChanged && iChanged) {
        d.problems.push({
          key: s.id,
          class: 'validation',
          conflict: true,
          message: `conflict: ${noun} ${s.id} changed in both Sage 300 (by ${s.modifiedBy || '?'} at ${s.modifiedAt}) and Intacct (${noun} ${i.id}, by ${i.modifiedBy || '?'} at ${i.modifiedAt}) since the last sync; differing fields: ${diff.join(', ')}. Nothing was written`,
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
          message: `${noun} ${from.id} changed ${foreign.join(', ')} in ${LABEL[fromSide]}, but ${LABEL[otherSide(fromSide)]} is the system of record for ${foreign.length === 1 ? 'it' : 'them'}; not synced`,
          fix: `make the change in ${LABEL[otherSide(fromSide)]} instead (or revert it in ${LABEL[fromSide]}), or change ${spec.sorSetting}`,
          records: [from, to],
        });
      }
      if (own.length > 0) push(spec, d, writesFor(spec, otherSide(fromSide), from, to, own, baseline, to.id), s.id, [from, to]);
    }
  }
  return d;
}
