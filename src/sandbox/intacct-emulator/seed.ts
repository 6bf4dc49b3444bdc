import { formatStamp } from './dates.ts';
import { OBJECTS } from './objects.ts';
import {
  SEED_CLASSES, SEED_CUSTOMERS, SEED_DEPARTMENTS, SEED_GLACCOUNTS, SEED_GLJOURNALS, SEED_LOCATIONS,
  SEED_OPEN_PERIODS, SEED_PROJECTS, SEED_VENDORS,
} from './seed-data.ts';
import type { EmulatorStore } from './store.ts';

const SEED_USER = 'setup';

/** Loads the demo company into an empty store; a store with any record is left untouched. */
export function seedIfEmpty(store: EmulatorStore, now: Date): boolean {
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
    load('GLACCOUNT', SEED_GLACCOUNTS);
    load('GLJOURNAL', SEED_GLJOURNALS);
    load('DEPARTMENT', SEED_DEPARTMENTS);
    load('LOCATION', SEED_LOCATIONS);
    load('CLASS', SEED_CLASSES);
    load('CUSTOMER', SEED_CUSTOMERS);
    load('PROJECT', SEED_PROJECTS);
    load('VENDOR', SEED_VENDORS);
    for (const period of SEED_OPEN_PERIODS) store.setPeriod(period, 'open');
  })();
  return true;
}
