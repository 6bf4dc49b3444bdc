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
    for (const object of ['ITEM', 'TAXDETAIL', 'SUPDOCFOLDER'] as const) load(object, company[object] ?? []);
    for (const period of company.openPeriods) store.setPeriod(period, 'open');
    // Lines carry the header's date, journal and state and the computed AMOUNT, as a created GLBATCH's lines do.
    for (const { header, lines } of company.GLBATCH ?? []) {
      const stamps = { WHENCREATED: stamp, WHENMODIFIED: stamp, CREATEDBY: SEED_USER, MODIFIEDBY: SEED_USER };
      const batch = store.insert('GLBATCH', undefined, {
        ...header,
        BATCHNO: String(store.nextSequence(`BATCHNO:${header.JOURNAL ?? ''}`)),
        ...stamps,
      });
      lines.forEach((line, i) => {
        store.insert('GLENTRY', undefined, {
          BATCHNO: String(batch.recordNo),
          LINE_NO: String(i + 1),
          JOURNAL: header.JOURNAL ?? '',
          BATCH_DATE: header.BATCH_DATE ?? '',
          STATE: header.STATE ?? 'Posted',
          ...line,
          AMOUNT: line.TRX_AMOUNT ?? '0',
          ...stamps,
        });
      });
    }
  })();
  return true;
}
