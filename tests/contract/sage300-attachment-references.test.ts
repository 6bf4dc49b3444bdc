/**
 * Attachment references as the SQL reader and the AP/AR sources read them from a generated company: APIBHO and
 * ARIBHO optional fields named ATTACH… (blank values and other optional fields left out), in key order, across
 * keyset pages, each attached to its own document and to no other.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApSource } from '../../src/connectors/sage300/ap-source.ts';
import { createArSource } from '../../src/connectors/sage300/ar-source.ts';
import { createSage300Reader, type Sage300Reader } from '../../src/connectors/sage300/reader.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { generateSage300Company, type Sage300Truth } from '../../src/sandbox/demo-data/sage300-company.ts';
import { createSage300Schema, insertRow } from '../../src/sandbox/sage300-db/schema.ts';
import { silentLogger } from '../../src/platform/logger.ts';

let dir: string;
let db: Database.Database;
let truth: Sage300Truth;
let reader: Sage300Reader;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-attach-'));
  const path = join(dir, 'SAMINC.sqlite');
  db = new Database(path);
  createSage300Schema(db);
  truth = generateSage300Company(db, { seed: 300, scale: 1 });
  const { documentNumber } = truth.docTraps.invoiceWithAttachments;
  const entry = db.prepare('SELECT CNTBTCH AS b, CNTITEM AS i FROM ARIBH WHERE RTRIM(IDINVC) = ?').get(documentNumber) as {
    b: number;
    i: number;
  };
  // Optional fields that are not attachment references, and a blank one: none of them is a reference.
  insertRow(db, 'ARIBHO', { CNTBTCH: entry.b, CNTITEM: entry.i, OPTFIELD: 'ATTACH9', VALUE: '', TYPE: 1 });
  insertRow(db, 'ARIBHO', { CNTBTCH: entry.b, CNTITEM: entry.i, OPTFIELD: 'REGION', VALUE: 'WEST', TYPE: 1 });
  insertRow(db, 'ARIBHO', { CNTBTCH: 1, CNTITEM: 1, OPTFIELD: 'WARRANTY', VALUE: '24 months', TYPE: 1 });
  reader = createSage300Reader(createSqliteBackend(path), { log: silentLogger(), companyId: 'SAMINC', pageSize: 1, overlapSeconds: 600 });
});

afterAll(async () => {
  await reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('attachment references from the SQL reader', () => {
  it('reads ARIBHO ATTACH… fields of the AR invoice, in key order, one page at a time', async () => {
    const refs: string[] = [];
    for await (const r of reader.ar.attachmentReferences()) {
      if (!r.ok) throw new Error(r.error.message);
      refs.push(`${r.value.field}=${r.value.reference}`);
    }
    const { references } = truth.docTraps.invoiceWithAttachments;
    expect(refs).toEqual([`ATTACHMENT=${references[0]}`, `ATTACHMENT2=${references[1]}`]);
  });

  it('gives the AR source document its references and every other AR document none', async () => {
    const { documents, rowErrors } = await createArSource(reader).readDocuments({ kind: 'all' });
    expect(rowErrors).toEqual([]);
    const att = truth.docTraps.invoiceWithAttachments;
    const withRefs = documents.filter((d) => d.attachments.length > 0);
    expect(withRefs.map((d) => [d.customerId, d.documentNumber, d.attachments])).toEqual([
      [att.customerId, att.documentNumber, att.references],
    ]);
  });

  it('keeps AP references apart: only the doc-trap bill has them', async () => {
    const { documents } = await createApSource(reader).readDocuments({ kind: 'period', year: 2026, period: 4 });
    const bill = truth.docTraps.billWithAttachments;
    expect(documents.filter((d) => d.attachments.length > 0).map((d) => [d.documentNumber, d.attachments])).toEqual([
      [bill.documentNumber, bill.references],
    ]);
  });
});
