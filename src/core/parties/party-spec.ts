import type { PartyRecord, PartySystem } from '../ports/party-ports.ts';
import { digestOf } from '../state/canonical-json.ts';

/** Field-level system of record (config `sync.<pipeline>.systemOfRecord`). */
export interface SystemOfRecord<F extends string> {
  readonly default: PartySystem;
  readonly fields: Partial<Record<F, PartySystem>>;
}

/** A record that cannot be written to a target as it stands (checked before planning). */
export interface PartyInvalid {
  readonly message: string;
  readonly fix: string;
}

/**
 * What makes one party sync (vendors, customers) different from another: names, canonical fields, which fields are
 * sensitive (their own change set with more approvers) or highlighted (listed with before/after in the preview),
 * the probable-duplicate rule and the per-target validity check. Everything else is the shared party core.
 */
export interface PartySpec<F extends string> {
  /** Pipeline name (change sets, cursors, runs, exceptions; approvals find the tool that executes it by it). */
  readonly pipeline: string;
  /** Cross-reference and outbox object type. */
  readonly objectType: string;
  /** Lower-case noun used in messages ('vendor'). */
  readonly noun: string;
  readonly mappingFile: string;
  readonly sorSetting: string;
  /** Every canonical field, in a fixed order (hashes and payloads list them this way). */
  readonly fields: readonly F[];
  /** The field holding 'active' / 'inactive'. */
  readonly statusField: F;
  /** The field holding the display name. */
  readonly nameField: F;
  /** Fields never synced with the ordinary writes: their own change set needing `sensitiveApprovals` approvers. */
  readonly sensitive: ReadonlySet<F>;
  readonly sensitiveApprovals: number;
  /** How the preview names the sensitive fields ('bank/remittance'). */
  readonly sensitiveLabel: string;
  /** Fields whose every change the preview lists with before and after values (unmasked). */
  readonly highlighted: ReadonlySet<F>;
  /** Normalised key for the probable-duplicate check; undefined when the record carries too little to tell. */
  duplicateKey(r: PartyRecord<F>): string | undefined;
  /** How the duplicate message describes the match ('same name and tax id'). */
  readonly duplicateBasis: string;
  /** The fix text of a probable duplicate. */
  readonly duplicateFix: string;
  /** A reason the record cannot be created/updated on `target`, if any. */
  invalidFor?(target: PartySystem, id: string, fields: Readonly<Record<F, string>>): PartyInvalid | undefined;
  /** What the audit log calls the writes per target ('create/update VENDOR'). */
  readonly functionLabel: Readonly<Record<PartySystem, string>>;
}

/** The system that owns a field. */
export const ownerOf = <F extends string>(sor: SystemOfRecord<F>, field: F): PartySystem => sor.fields[field] ?? sor.default;

/** The digest of a party's canonical fields: equal digests mean nothing to sync. */
export function partyHash<F extends string>(spec: PartySpec<F>, fields: Readonly<Record<F, string>>): string {
  return digestOf(Object.fromEntries(spec.fields.map((f) => [f, fields[f]])));
}

/** Fields whose values differ between two records, in canonical order. */
export function differingFieldsOf<F extends string>(spec: PartySpec<F>, a: PartyRecord<F>, b: PartyRecord<F>): F[] {
  return spec.fields.filter((f) => a.fields[f] !== b.fields[f]);
}

/** A company name lower-cased, punctuation and (optionally) legal suffixes dropped, spaces collapsed. */
export function normaliseName(name: string, dropSuffixes: boolean): string {
  const plain = name.toLowerCase().replace(/[^a-z0-9 ]/g, ' ');
  const trimmed = dropSuffixes ? plain.replace(/\b(inc|llc|ltd|co|corp|corporation|company|limited)\b/g, ' ') : plain;
  return trimmed.replace(/\s+/g, ' ').trim();
}

/** A value shown in audit rows and previews of sensitive changes: only its last two characters. */
export function mask(value: string): string {
  if (value === '') return '(blank)';
  return `${'*'.repeat(Math.max(2, value.length - 2))}${value.slice(-2)}`;
}

/** The other system. */
export const otherSide = (s: PartySystem): PartySystem => (s === 'sage300' ? 'intacct' : 'sage300');

export const SYSTEM_LABEL: Readonly<Record<PartySystem, string>> = { sage300: 'Sage 300', intacct: 'Intacct' };
