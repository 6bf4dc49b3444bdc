import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import { formatStamp } from '../../src/sandbox/intacct-emulator/dates.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Edits and reads of customers on both sandbox sides, as other users of Sage 300 (ARCUS) and Intacct (CUSTOMER) would make them. */
export function customerEdits(sandbox: Sandbox, s300: Database.Database) {
  /** A Sage 300 user other than the Web API one edits ARCUS (as Sage would stamp it). */
  const editSage300 = (id: string, columns: Record<string, string | number>): void => {
    const now = new Date(Date.now() + 1000);
    const date = Number(`${now.getUTCFullYear()}${pad2(now.getUTCMonth() + 1)}${pad2(now.getUTCDate())}`);
    const time = Number(
      `${pad2(now.getUTCHours())}${pad2(now.getUTCMinutes())}${pad2(now.getUTCSeconds())}${pad2(Math.floor(now.getUTCMilliseconds() / 10))}`,
    );
    const sets = Object.keys(columns)
      .map((c) => `"${c}" = ?`)
      .join(', ');
    const changed = s300
      .prepare(`UPDATE ARCUS SET ${sets}, AUDTDATE = ?, AUDTTIME = ?, AUDTUSER = 'CLERK' WHERE TRIM(IDCUST) = ?`)
      .run(...Object.values(columns), date, time, id).changes;
    expect(changed).toBe(1);
  };
  /** Another Intacct user edits (or creates) a CUSTOMER in the emulator's company. */
  const editIntacct = (id: string, fields: Record<string, unknown>): void => {
    const db = sandbox.intacct.db;
    const row = db.prepare("SELECT recordno, data FROM records WHERE object = 'CUSTOMER' AND id = ?").get(id) as
      { recordno: number; data: string } | undefined;
    const stamp = { WHENMODIFIED: formatStamp(new Date()), MODIFIEDBY: 'jdoe' };
    if (row) {
      db.prepare("UPDATE records SET data = ? WHERE object = 'CUSTOMER' AND recordno = ?").run(
        JSON.stringify({ ...JSON.parse(row.data), ...fields, ...stamp }),
        row.recordno,
      );
    } else {
      const recordNo = 800_000 + Math.floor(Math.random() * 100_000);
      db.prepare("INSERT INTO records (object, recordno, id, data) VALUES ('CUSTOMER', ?, ?, ?)").run(
        recordNo,
        id,
        JSON.stringify({
          RECORDNO: String(recordNo),
          CUSTOMERID: id,
          STATUS: 'active',
          ...fields,
          ...stamp,
          CREATEDBY: 'jdoe',
          WHENCREATED: stamp.WHENMODIFIED,
        }),
      );
    }
  };
  const intacctCustomer = (id: string): Record<string, unknown> | undefined => {
    const row = sandbox.intacct.db.prepare("SELECT data FROM records WHERE object = 'CUSTOMER' AND id = ?").get(id) as
      { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Record<string, unknown>) : undefined;
  };
  return {
    editSage300,
    editIntacct,
    intacctCustomer,
    intacctIds: (): string[] =>
      (sandbox.intacct.db.prepare("SELECT id FROM records WHERE object = 'CUSTOMER' ORDER BY id").all() as { id: string }[]).map(
        (r) => r.id,
      ),
    arcus: (id: string) => s300.prepare('SELECT * FROM ARCUS WHERE TRIM(IDCUST) = ?').get(id) as Record<string, unknown> | undefined,
    sageIds: (): string[] =>
      (s300.prepare('SELECT TRIM(IDCUST) AS id FROM ARCUS ORDER BY IDCUST').all() as { id: string }[]).map((r) => r.id),
    /** Everything either side holds for customers: equal snapshots mean no write reached either system. */
    snapshot: (): string =>
      JSON.stringify([
        sandbox.intacct.db.prepare("SELECT id, data FROM records WHERE object = 'CUSTOMER' ORDER BY id").all(),
        s300.prepare('SELECT * FROM ARCUS ORDER BY IDCUST').all(),
      ]),
  };
}
