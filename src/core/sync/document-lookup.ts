import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { FoundInTarget, LookupDeps, NaturalKeyLookup } from './target-lookup.ts';
import { DOCUMENT_REFERENCE_PREFIX } from './sync-references.ts';

/** The natural key our document creates stamp in Intacct (REFERENCENO, DOCNUMBER, EXTERNALID): `S300:<source key>`. */
const s300Key = (sourceKey: string): string => `${DOCUMENT_REFERENCE_PREFIX}${sourceKey}`;

/**
 * The natural-key lookup of a document pipeline whose creates carry `S300:<source key>` in one Intacct field: found
 * by that field in bulk, recovered (for `state rebuild`) by the company's `S300:<company>:` prefix.
 */
export function documentLookup<D extends LookupDeps>(spec: {
  readonly objectType: string;
  readonly sourceSystem: string;
  readonly targetSystem: string;
  readonly reads: (deps: D) => NaturalKeyReads;
  /** The natural key of a source key (default `S300:<source key>`). */
  readonly naturalKey?: (sourceKey: string) => string;
  /** The prefix every natural key of a company starts with (default `S300:<company>:`). */
  readonly prefix?: (company: string) => string;
}): NaturalKeyLookup<D> {
  const naturalKey = spec.naturalKey ?? s300Key;
  const prefix = spec.prefix ?? ((company: string) => `${DOCUMENT_REFERENCE_PREFIX}${company}:`);
  return {
    objectType: spec.objectType,
    sourceSystem: spec.sourceSystem,
    targetSystem: spec.targetSystem,
    async find(deps, sourceKeys) {
      const byNatural = new Map(sourceKeys.map((k) => [naturalKey(k), k]));
      const hits = await spec.reads(deps).find([...byNatural.keys()]);
      const out: FoundInTarget[] = [];
      for (const [nk, recordNo] of hits) {
        const sourceKey = byNatural.get(nk);
        if (sourceKey !== undefined) out.push({ sourceKey, targetKey: recordNo, targetRecordNo: recordNo });
      }
      return out;
    },
    async recover(deps, company) {
      const head = prefix(company);
      const cut = naturalKey('').length;
      const out: FoundInTarget[] = [];
      for (const [nk, recordNo] of await spec.reads(deps).withPrefix(head))
        out.push({ sourceKey: nk.slice(cut), targetKey: recordNo, targetRecordNo: recordNo });
      return out;
    },
  };
}
