import { formatStamp } from './dates.ts';
import { OBJECTS } from './objects.ts';
import { BUILT_IN_COMPANY } from './seed-data.ts';
import type { EmulatorStore } from './store.ts';
import type { IntacctCompanySeed } from './types.ts';

const SEED_USER = 'setup';

/** Loads the demo company into an empty store; a store with any record is left untouched. */
export function seedIfEmpty(store: EmulatorStore, now: Date, company: IntacctCompanySeed = BUILT_IN_COMPANY): boolean {
  if (!store.isEmpty()) return false;
  const stamp = formatStamp(now);
  const load = (object: string, rows: Record<string, string>[]): void => {
    const idField = OBJECTS.get(object)?.idField;
    for (const row of rows) {
      store.insert(object, idField ? row[idField] : undefined, {
        ...row,
        WHENCREATED: stamp,
        WHENMODIFIED: stamp,
        CREATEDBY: SEED_USER,
        MODIFIEDBY: SEED_USER,
      });
    }
  };
  store.db.transaction(() => {
    // Order matters: accounts, journals and dimensions before the records that reference them.
    for (const object of ['GLACCOUNT', 'GLJOURNAL', 'DEPARTMENT', 'LOCATION', 'CLASS', 'CUSTOMER', 'PROJECT', 'VENDOR'] as const) {
      load(object, company[object]);
    }
    for (const period of company.openPeriods) store.setPeriod(period, 'open');
  })();
  return true;
}
