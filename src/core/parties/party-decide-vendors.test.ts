import { describe, expect, it } from 'vitest';
import type { VendorField, VendorRecord, VendorSystem } from '../ports/vendor-ports.ts';
import { VENDOR_SPEC, vendorHash } from '../vendors/vendor-fields.ts';
import { decideParties, type DecideInput as PartyDecideInput } from './party-decide.ts';

type DecideInput = PartyDecideInput<VendorField>;
/** The party decision rules applied to vendors. */
const decideVendors = (input: DecideInput) => decideParties(VENDOR_SPEC, input);

const base: Record<VendorField, string> = {
  NAME: 'Acme Supply',
  STATUS: 'active',
  TAXID: '12-3456789',
  EMAIL: 'ap@acme.example',
  REMITTO: '',
};
const rec = (id: string, fields: Partial<Record<VendorField, string>> = {}, by = 'CLERK'): VendorRecord => ({
  id,
  fields: { ...base, ...fields },
  modifiedBy: by,
  modifiedAt: '2026-01-01 00:00:00',
});

function input(
  s: VendorRecord[],
  i: VendorRecord[],
  opts: { changedS?: VendorRecord[]; changedI?: VendorRecord[]; baseline?: string | null; sor?: DecideInput['sor'] } = {},
): DecideInput {
  return {
    changed: { sage300: opts.changedS ?? s, intacct: opts.changedI ?? i },
    all: { sage300: new Map(s.map((r) => [r.id, r])), intacct: new Map(i.map((r) => [r.id, r])) },
    linked: (_system: VendorSystem, id: string) => (opts.baseline === undefined ? undefined : { otherId: id, hash: opts.baseline }),
    mapped: () => undefined,
    sor: opts.sor ?? { default: 'sage300', fields: {} },
    integrationUser: { sage300: 'ADMIN', intacct: 'sync_user' },
  };
}

describe('decideVendors', () => {
  const baseline = vendorHash(base);

  it('sends a Sage 300 change to Intacct and nothing when both sides are equal', () => {
    const d = decideVendors(input([rec('V1', { NAME: 'Acme Supply Co' })], [rec('V1')], { baseline }));
    expect(d.writes).toMatchObject([{ target: 'intacct', op: 'update', id: 'V1', fields: { NAME: 'Acme Supply Co' }, sensitive: false }]);
    expect(decideVendors(input([rec('V1')], [rec('V1')], { baseline })).writes).toEqual([]);
  });

  it('ignores our own echo: a side changed by the integration user does not count as changed', () => {
    const d = decideVendors(input([rec('V1', { NAME: 'X' })], [rec('V1', { NAME: 'Y' }, 'sync_user')], { baseline }));
    expect(d.writes).toMatchObject([{ target: 'intacct', fields: { NAME: 'X' } }]);
    expect(d.problems).toEqual([]);
  });

  it('raises one conflict when both sides changed since the baseline, and writes nothing', () => {
    const d = decideVendors(input([rec('V1', { EMAIL: 'a@x' })], [rec('V1', { EMAIL: 'b@x' }, 'jdoe')], { baseline }));
    expect(d.writes).toEqual([]);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.message).toMatch(/^conflict: /);
  });

  it('refuses a change made on the side that does not own the field', () => {
    const d = decideVendors(input([rec('V1')], [rec('V1', { EMAIL: 'b@x' }, 'jdoe')], { baseline }));
    expect(d.writes).toEqual([]);
    expect(d.problems[0]!.message).toContain('system of record');
    const owned = decideVendors(
      input([rec('V1')], [rec('V1', { EMAIL: 'b@x' }, 'jdoe')], { baseline, sor: { default: 'sage300', fields: { EMAIL: 'intacct' } } }),
    );
    expect(owned.writes).toMatchObject([{ target: 'sage300', fields: { EMAIL: 'b@x' } }]);
  });

  it('splits a remit-to change into a sensitive write and makes a deactivation its own op', () => {
    const d = decideVendors(input([rec('V1', { REMITTO: 'R2', STATUS: 'inactive' })], [rec('V1')], { baseline }));
    expect(d.writes.map((w) => [w.op, w.sensitive, Object.keys(w.fields)])).toEqual([
      ['deactivate', false, ['STATUS']],
      ['update', true, ['REMITTO']],
    ]);
  });

  it('creates a new vendor on the other side, but never a probable duplicate', () => {
    expect(decideVendors(input([rec('V9')], [], { changedI: [] })).writes).toMatchObject([{ target: 'intacct', op: 'create', id: 'V9' }]);
    const dup = decideVendors(input([rec('V9', { NAME: 'ACME Supply, Inc.' })], [rec('I7')], { changedI: [] }));
    expect(dup.writes).toEqual([]);
    expect(dup.problems).toMatchObject([{ class: 'duplicate', key: 'V9' }]);
  });

  it('pairs an unlinked vendor with the same id on the other side when it is equal or ours, never creating a second one', () => {
    // Equal on both sides, no link (a lost state store): paired and relinked, nothing written, no duplicate raised.
    const equal = decideVendors(input([rec('V5')], [rec('V5')]));
    expect(equal).toMatchObject({ writes: [], problems: [], matchedById: 1, inSync: 1 });
    expect(equal.relinks).toMatchObject([{ sId: 'V5', iId: 'V5' }]);
    // Different, but last written in Intacct by the integration user: ours, so paired; the owner's fields flow.
    const ours = decideVendors(input([rec('V5', { NAME: 'Acme Supply Co' })], [rec('V5', {}, 'sync_user')], { changedI: [] }));
    expect(ours.matchedById).toBe(1);
    expect(ours.problems).toEqual([]);
    expect(ours.writes).toMatchObject([{ target: 'intacct', op: 'update', id: 'V5', fields: { NAME: 'Acme Supply Co' } }]);
    // Different and written by someone else: still only a probable duplicate, for a person to decide.
    const theirs = decideVendors(input([rec('V5', { NAME: 'Acme Supply Co' })], [rec('V5', {}, 'jdoe')], { changedI: [] }));
    expect(theirs.matchedById).toBe(0);
    expect(theirs.writes).toEqual([]);
    expect(theirs.problems).toMatchObject([{ class: 'duplicate', key: 'V5' }]);
  });
});
