import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSage300WebApiClient,
  type Sage300WebApiClient,
  type Sage300WebApiClientConfig,
} from '../../src/connectors/sage300/web-api-index.ts';
import { Money } from '../../src/domain/money.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { openCompanyDb } from '../../src/sandbox/sage300-db/schema.ts';
import { startSage300Emulator, type Sage300Emulator } from '../../src/sandbox/sage300-emulator/index.ts';

let dir: string;
let emu: Sage300Emulator;
let client: Sage300WebApiClient;
let sql: Database.Database;
const PASSWORD = 'errors-pass-9';

function clientWith(overrides: Partial<Sage300WebApiClientConfig> = {}): Sage300WebApiClient {
  return createSage300WebApiClient(
    { baseUrl: emu.baseUrl, user: emu.user, password: PASSWORD, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 }, ...overrides },
    { log: silentLogger() },
  );
}

/** Every table the emulator can write, summarised so "nothing changed" is one comparison. */
function fingerprint(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of ['APVEN', 'ARCUS', 'GLBCTL', 'GLJEH', 'GLJED', 'GLPOST', 'GLAFS', 'POPORH1', 'POPORL', 'PORCPH1', 'PORCPL']) {
    out[t] = sql.prepare(`SELECT COUNT(*) AS n, MAX(AUDTDATE * 100000000 + AUDTTIME) AS last FROM ${t}`).get();
  }
  return out;
}

async function raw(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${emu.user}:${PASSWORD}`).toString('base64')}`,
    'Content-Type': 'application/json',
    ...init.headers,
  };
  for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
  const res = await fetch(`${emu.baseUrl}/${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-webapi-errors-'));
  const dbPath = join(dir, 'SAMINC.sqlite');
  const seed = openCompanyDb(dbPath);
  generateSage300Company(seed, { seed: 13, scale: 1, companyId: 'SAMINC' });
  seed.close();
  emu = await startSage300Emulator({ dbPath, password: PASSWORD });
  client = clientWith();
  sql = new Database(dbPath, { readonly: true });
});

afterAll(async () => {
  sql.close();
  await client.close();
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Sage-shaped errors, and nothing written on any of them', () => {
  it('answers bad credentials with 401 Unauthorized (auth_failed) and never leaks the password', async () => {
    const before = fingerprint();
    const bad = clientWith({ password: 'wrong-password-1' });
    const out = await bad.vendors.create({ VendorNumber: 'NEVER-1', VendorName: 'Never' });
    await bad.close();
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject({ code: 'auth_failed', httpStatus: 401, sageCode: 'Unauthorized' });
    expect(JSON.stringify(out.error)).not.toContain('wrong-password-1');
    expect(fingerprint()).toEqual(before);
    const none = await raw('GET', 'AP/APVendors', { headers: { Authorization: '' } });
    expect(none.status).toBe(401);
  });

  it('answers malformed JSON with 400 InvalidPayload in the OData error shape', async () => {
    const before = fingerprint();
    const out = await raw('POST', 'AP/APVendors', { body: '{"VendorNumber": "BADJSON", "VendorName": ' });
    expect(out.status).toBe(400);
    expect(out.json).toEqual({
      error: { code: 'InvalidPayload', message: { lang: 'en-US', value: expect.stringContaining('not valid JSON') } },
    });
    expect(fingerprint()).toEqual(before);
  });

  it('answers a field of the wrong type with a 400 naming the field (validation)', async () => {
    const before = fingerprint();
    const out = await client.create(
      'AP/APVendors',
      { VendorNumber: 'BADTYPE', VendorName: 'Bad type', CreditLimit: 'a lot' },
      { key: 'BADTYPE' },
    );
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error).toMatchObject({ code: 'validation', httpStatus: 400, sageCode: 'InvalidPayload' });
      expect(out.error.sageMessage).toContain("'CreditLimit'");
    }
    const unknown = await client.patch('AP/APVendors', 'V10001', { NoSuchField: 1 });
    expect(!unknown.ok && unknown.error.sageMessage).toContain("'NoSuchField'");
    const tooLong = await client.create('AP/APVendors', { VendorNumber: 'X'.repeat(13), VendorName: 'Too long key' });
    expect(!tooLong.ok && tooLong.error.code).toBe('validation');
    expect(fingerprint()).toEqual(before);
  });

  it('answers a request for another company with a Sage-shaped 400', async () => {
    const before = fingerprint();
    const other = clientWith({ baseUrl: emu.baseUrl.replace(/SAMINC$/, 'SAMLTD') });
    const out = await other.vendors.create({ VendorNumber: 'WRONGCO', VendorName: 'Wrong company' });
    await other.close();
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ code: 'validation', httpStatus: 400, sageCode: 'InvalidParameters' });
    expect(fingerprint()).toEqual(before);
  });

  it('answers 500 when Content-Type is missing, like Sage', async () => {
    const out = await raw('GET', 'AP/APVendors', { headers: { 'Content-Type': '' } });
    expect(out.status).toBe(500);
    expect(out.json).toMatchObject({ error: { code: 'InternalServerError' } });
  });

  it('answers unknown resources and verbs with ResourceNotFound / MethodNotAllowed', async () => {
    expect((await raw('GET', 'AP/APNoSuchThing')).json).toMatchObject({ error: { code: 'ResourceNotFound' } });
    expect(await raw('DELETE', "AP/APVendors('V10001')")).toMatchObject({ status: 405, json: { error: { code: 'MethodNotAllowed' } } });
    expect(await raw('POST', "AP/APVendors('V10001')", { body: '{}' })).toMatchObject({
      status: 400,
      json: { error: { code: 'InvalidAction' } },
    });
  });
});

describe('retries follow what is safe to repeat', () => {
  it('retries a GET through 5xx answers', async () => {
    const start = emu.requestCount();
    emu.setFaults({ error5xx: 2 });
    const out = await client.vendors.get('V10001');
    expect(out.ok).toBe(true);
    expect(emu.requestCount() - start).toBe(3);
  });

  it('gives up as transient when 5xx outlasts the retries', async () => {
    emu.setFaults({ error5xx: 10 });
    const out = await client.vendors.get('V10001');
    emu.setFaults({ error5xx: 0 });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ code: 'transient', httpStatus: 500, sageCode: 'InternalServerError' });
  });

  it('resends a keyed create after a 5xx only because a read-back proved it absent', async () => {
    const start = emu.requestCount();
    emu.setFaults({ error5xx: 1 });
    const out = await client.vendors.create({ VendorNumber: 'RETRY-1', VendorName: 'Created on second try' });
    expect(out.ok).toBe(true);
    // POST (500) → GET probe (404) → POST (201)
    expect(emu.requestCount() - start).toBe(3);
    expect(sql.prepare("SELECT COUNT(*) AS n FROM APVEN WHERE RTRIM(VENDORID) = 'RETRY-1'").get()).toEqual({ n: 1 });
  });

  it('reports a timed-out create whose write landed as unknown_outcome, never resending it', async () => {
    const slow = clientWith({ timeoutMs: 300 });
    emu.setFaults({ hangAfterWrite: 1 });
    const start = emu.requestCount();
    const out = await slow.vendors.create({ VendorNumber: 'HANG-1', VendorName: 'Committed but unanswered' });
    await slow.close();
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ code: 'unknown_outcome', probe: 'found' });
    expect(emu.requestCount() - start).toBe(2);
    expect(sql.prepare("SELECT COUNT(*) AS n FROM APVEN WHERE RTRIM(VENDORID) = 'HANG-1'").get()).toEqual({ n: 1 });
  });

  it('reports a timed-out GL batch create as unknown_outcome (found by its description)', async () => {
    const slow = clientWith({ timeoutMs: 300 });
    const acct = sql.prepare('SELECT RTRIM(ACCTID) AS id FROM GLAMF WHERE ACTIVESW = 1 AND CONSLDSW <> 2 LIMIT 2').all() as {
      id: string;
    }[];
    emu.setFaults({ hangAfterWrite: 1 });
    const before = (sql.prepare('SELECT COUNT(*) AS n FROM GLBCTL').get() as { n: number }).n;
    const out = await slow.glBatches.create({
      Description: 'sync:je:hang-1',
      JournalHeaders: [
        {
          DocumentDate: '2026-05-02',
          JournalDetails: [
            { AccountNumber: acct[0]!.id, Amount: new Money('5') },
            { AccountNumber: acct[1]!.id, Amount: new Money('-5') },
          ],
        },
      ],
    });
    await slow.close();
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ code: 'unknown_outcome', probe: 'found' });
    expect((sql.prepare('SELECT COUNT(*) AS n FROM GLBCTL').get() as { n: number }).n).toBe(before + 1);
  });
});
