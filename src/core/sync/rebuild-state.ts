import type { EngineDeps, PipelineDefinition } from './pipeline-definition.ts';
import { recordFound, type FoundInTarget } from './target-lookup.ts';

/** One pipeline whose cross-references `state rebuild` recovers: its definition (its lookups) and its deps. */
export interface RebuildSource {
  readonly def: Pick<PipelineDefinition<EngineDeps, never, unknown, unknown>, 'pipeline' | 'lookups'>;
  readonly deps: EngineDeps;
}

/** What `state rebuild` found for one object of one pipeline. */
export interface RebuildCount {
  readonly pipeline: string;
  readonly objectType: string;
  /** Records of the company the target holds under the natural key. */
  readonly inTarget: number;
  /** Of those, cross-referenced before the rebuild. */
  readonly alreadyLinked: number;
  /** Cross-references recorded now. */
  readonly recovered: number;
  /** Target records that could not be linked (their source or target is linked to another record), with why. */
  readonly conflicts: readonly string[];
}

/**
 * Recovers the cross-references of `company` from the target: every record a pipeline's lookup recognises by its
 * natural key is linked to its source record. Writes only the local state store; an object two pipelines share (AR
 * invoices of sync_ar and of the milestones) is recovered once.
 */
export async function rebuildCrossReferences(
  sources: readonly RebuildSource[],
  company: string,
  by: string,
  exclusive: <T>(pipeline: string, task: () => Promise<T>) => Promise<T>,
): Promise<RebuildCount[]> {
  const out: RebuildCount[] = [];
  const done = new Set<string>();
  for (const { def, deps } of sources) {
    for (const lookup of def.lookups ?? []) {
      if (!lookup.recover || done.has(lookup.objectType)) continue;
      done.add(lookup.objectType);
      const recover = lookup.recover.bind(lookup);
      const count = await exclusive(def.pipeline, async () => {
        const records: readonly FoundInTarget[] = await recover(deps, company);
        const { store } = deps;
        const linked = store.xrefs.linkedSources(
          lookup.objectType,
          lookup.sourceSystem,
          lookup.targetSystem,
          records.map((r) => r.sourceKey),
        );
        const fresh = records.filter((r) => !linked.has(r.sourceKey));
        const result = recordFound(store, [{ ...lookup, records: fresh }], by);
        return {
          pipeline: def.pipeline,
          objectType: lookup.objectType,
          inTarget: records.length,
          alreadyLinked: records.length - fresh.length,
          recovered: result.linked,
          conflicts: result.conflicts,
        };
      });
      out.push(count);
    }
  }
  return out;
}
