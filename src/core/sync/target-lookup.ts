import type { StateStore } from '../state/index.ts';
import { planLookups, type PlanLookups } from './plan-lookups.ts';

/** What a lookup needs of a pipeline's deps (every pipeline's deps have it: EngineDeps extends it). */
export interface LookupDeps {
  readonly store: StateStore;
  /** False skips the target read (only the bench's baseline does this). */
  readonly lookupInTarget?: boolean;
}

/** A source record found in the target by its natural key, with no local cross-reference: recorded as one. */
export interface FoundInTarget {
  readonly sourceKey: string;
  /** The key the cross-reference records (the target's RECORDNO, or its id for master data). */
  readonly targetKey: string;
  readonly targetRecordNo: string | null;
  /** What the link records as the content last written, when the pipeline compares it later (e.g. a tagged period). */
  readonly contentHash?: string;
}

/**
 * A pipeline's declared natural-key lookup: how a source record with no cross-reference is found in the target before
 * it is planned (e.g. a journal entry by its REFERENCENO), so a lost, restored or replaced state store never posts
 * twice. `find` must read in bulk (IN lists, paged) within the target's documented limits.
 */
export interface NaturalKeyLookup<D extends LookupDeps> {
  /** Cross-reference object of the records this lookup finds (e.g. `GLBATCH`). */
  readonly objectType: string;
  readonly sourceSystem: string;
  readonly targetSystem: string;
  /** Which of these source records the target already holds; throws when the target cannot be read. */
  find(deps: D, sourceKeys: readonly string[]): Promise<readonly FoundInTarget[]>;
  /**
   * Every record of `company` the target holds under this pipeline's natural key (for `state rebuild`), without
   * reading the source; absent when the natural key cannot be recognised from the target alone.
   */
  recover?(deps: D, company: string): Promise<readonly FoundInTarget[]>;
}

/** The local lookups of a plan plus what the target was found to hold already. */
export interface TargetLookups extends PlanLookups {
  /** Source records without a cross-reference that the target already holds, by source key. */
  readonly found: ReadonlyMap<string, FoundInTarget>;
}

/**
 * The plan's lookups, then the records that are neither linked nor in flight are looked up in the target by their
 * natural key. Nothing is recorded here: the engine links what was found when the planning run starts (a dry run
 * only counts it). `deps.lookupInTarget === false` skips the target read (the bench's baseline).
 */
export async function planLookupsInTarget<D extends LookupDeps>(
  deps: D,
  lookup: NaturalKeyLookup<D>,
  sourceKeys: readonly string[],
): Promise<TargetLookups> {
  const local = planLookups(deps.store, { ...lookup, sourceKeys });
  const open = sourceKeys.filter((k) => !local.linked.has(k) && !local.inflight.has(k));
  const found = new Map<string, FoundInTarget>();
  if (open.length > 0 && deps.lookupInTarget !== false) {
    const wanted = new Set(open);
    for (const f of await lookup.find(deps, [...wanted])) if (wanted.has(f.sourceKey) && !found.has(f.sourceKey)) found.set(f.sourceKey, f);
  }
  return { ...local, found };
}

/** What was found in the target, as the draft hands it to the engine. */
export interface FoundRecords {
  readonly objectType: string;
  readonly sourceSystem: string;
  readonly targetSystem: string;
  readonly records: readonly FoundInTarget[];
}

/** Links found records as cross-references in one transaction; a target record linked to another source is skipped. */
export function recordFound(
  store: StateStore,
  found: readonly FoundRecords[],
  by: string,
  onLinked?: (sourceKey: string) => void,
): { linked: number; conflicts: string[] } {
  let linked = 0;
  const conflicts: string[] = [];
  store.transaction(() => {
    for (const group of found) {
      for (const r of group.records) {
        const result = store.xrefs.link({
          objectType: group.objectType,
          sourceSystem: group.sourceSystem,
          sourceKey: r.sourceKey,
          targetSystem: group.targetSystem,
          targetKey: r.targetKey,
          targetRecordNo: r.targetRecordNo,
          ...(r.contentHash === undefined ? {} : { contentHash: r.contentHash }),
          writtenBy: by,
        });
        if (result.ok) {
          linked++;
          onLinked?.(r.sourceKey);
        } else conflicts.push(`${group.objectType} ${r.sourceKey}: ${result.error.message}`);
      }
    }
  });
  return { linked, conflicts };
}
