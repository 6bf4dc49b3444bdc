import type { MappingError } from '../mapping/index.ts';
import type { Outcome } from '../mapping/outcome.ts';
import type { StateStore } from '../state/index.ts';

/** A mapping problem about a party (vendor or customer): an exception of class `mapping` with its fix. */
export interface PartyProblem {
  readonly class: 'mapping';
  readonly message: string;
  readonly fix: string;
}

/** Which party: its xref object, how it is named in messages, its mapping file and that file's lookup. */
export interface PartyKind {
  readonly objectType: 'VENDOR' | 'CUSTOMER';
  /** "vendor" / "customer". */
  readonly label: string;
  /** "vendors.csv" / "customers.csv". */
  readonly file: string;
  /** "VENDORID" / "CUSTOMERID". */
  readonly idField: string;
  readonly lookup: (sageId: string) => Outcome<string, MappingError>;
}

/**
 * The Intacct id of a Sage 300 party: the cross-reference a master sync recorded (keyed by the bare Sage 300 id or
 * scoped to the company), else the mapping file; it must also exist in Intacct (`existing`, read once per run).
 * Anything else is a mapping problem, never a guess or a default party.
 */
export function resolveParty(
  store: StateStore,
  kind: PartyKind,
  company: string,
  sageId: string,
  existing: ReadonlySet<string>,
): { ok: true; value: string } | { ok: false; problem: PartyProblem } {
  const xref =
    store.xrefs.bySource(kind.objectType, 'sage300', `${company}:${sageId}`, 'intacct') ??
    store.xrefs.bySource(kind.objectType, 'sage300', sageId, 'intacct');
  const mapped = xref ? xref.targetKey : kind.lookup(sageId);
  const fix = `sync ${kind.label}s first or add a row "${sageId},<Intacct ${kind.idField}>" to mappings/${kind.file}`;
  if (typeof mapped !== 'string' && !mapped.ok) {
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `Sage 300 ${kind.label} ${sageId} has no Intacct ${kind.label} (no cross-reference, no row in ${kind.file})`,
        fix,
      },
    };
  }
  const target = typeof mapped === 'string' ? mapped : mapped.value;
  if (!existing.has(target)) {
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `Sage 300 ${kind.label} ${sageId} maps to Intacct ${kind.label} ${target}, which does not exist in Intacct`,
        fix,
      },
    };
  }
  return { ok: true, value: target };
}
