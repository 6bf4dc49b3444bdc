import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/logger.ts';
import { createMssqlBackend, poolConfig, type MssqlDriver } from './sql-mssql-backend.ts';
import { renderSelect } from './sql-dialect.ts';
import { GLPOST_BY_PERIOD } from './sql-queries-gl.ts';

class FakeRequest extends EventEmitter {
  stream = false;
  inputs: [string, unknown, unknown][] = [];
  text = '';
  pauses = 0;
  resumes = 0;
  cancelled = false;
  constructor(private readonly rows: number) {
    super();
  }
  input(name: string, type: unknown, value: unknown): this {
    this.inputs.push([name, type, value]);
    return this;
  }
  private sent = 0;
  sentCount(): number {
    return this.sent;
  }
  private paused = false;
  query(text: string): void {
    this.text = text;
    this.pump();
  }
  // Emits in bursts of 7 rows per tick, honouring pause() like tedious does.
  private pump(): void {
    setImmediate(() => {
      for (let burst = 0; burst < 7 && !this.paused && !this.cancelled; burst++) {
        if (this.sent === this.rows) {
          this.emit('done');
          return;
        }
        this.emit('row', { i: this.sent++ });
      }
      if (!this.paused && !this.cancelled) this.pump();
    });
  }
  pause(): boolean {
    this.pauses++;
    this.paused = true;
    return true;
  }
  resume(): boolean {
    this.resumes++;
    this.paused = false;
    this.pump();
    return true;
  }
  cancel(): void {
    this.cancelled = true;
  }
}

function fakeDriver(rows: number): { driver: MssqlDriver; requests: FakeRequest[]; configs: Record<string, unknown>[] } {
  const requests: FakeRequest[] = [];
  const configs: Record<string, unknown>[] = [];
  const driver: MssqlDriver = {
    createPool(config) {
      configs.push(config);
      return {
        connect: () => Promise.resolve(),
        close: () => Promise.resolve(),
        request: () => {
          const r = new FakeRequest(rows);
          requests.push(r);
          return r;
        },
      };
    },
    varChar: (n) => `VarChar(${n})`,
    int: () => 'Int',
    decimal: (p, s) => `Decimal(${p},${s})`,
  };
  return { driver, requests, configs };
}

describe('mssql backend (fake driver; no SQL Server here)', () => {
  it('binds every parameter through request.input with a declared type, padding CHAR values', async () => {
    const { driver, requests, configs } = fakeDriver(3);
    const backend = createMssqlBackend(
      { server: 'sql1', database: 'SAMINC', user: 'reader', password: 'pw' },
      { log: silentLogger(), driver },
    );
    const sql = renderSelect('mssql', GLPOST_BY_PERIOD, { after: true, limit: 1000 });
    const rows = [];
    const after = { __a0: 5, __a1: '000001', __a2: '00001', __a3: 20, __a4: '6000', __a5: '2026', __a6: '03', __a7: 'USD' };
    const last = { __a8: 'GL', __a9: 'JE', __a10: 5, __a11: 7 };
    for await (const r of backend.query(sql, { year: '2026', period: '03', ...after, ...last })) rows.push(r);
    expect(rows).toHaveLength(3);
    const req = requests[0]!;
    expect(req.stream).toBe(true);
    expect(req.text).toBe(sql.text);
    expect(req.inputs).toEqual([
      ['year', 'VarChar(4)', '2026'],
      ['period', 'VarChar(2)', '03'],
      ['__a0', 'Decimal(19,0)', 5],
      ['__a1', 'VarChar(6)', '000001'],
      ['__a2', 'VarChar(5)', '00001'],
      ['__a3', 'Decimal(19,0)', 20],
      ['__a4', 'VarChar(45)', '6000'.padEnd(45, ' ')],
      ['__a5', 'VarChar(4)', '2026'],
      ['__a6', 'VarChar(2)', '03'],
      ['__a7', 'VarChar(3)', 'USD'],
      ['__a8', 'VarChar(2)', 'GL'],
      ['__a9', 'VarChar(2)', 'JE'],
      ['__a10', 'Decimal(19,0)', 5],
      ['__a11', 'Decimal(19,0)', 7],
    ]);
    expect(configs[0]).toMatchObject({ server: 'sql1', database: 'SAMINC', options: { encrypt: true } });
    await backend.close();
  });

  it('refuses SQL rendered for SQLite and missing parameters', async () => {
    const { driver } = fakeDriver(0);
    const backend = createMssqlBackend({ server: 's', database: 'D' }, { log: silentLogger(), driver });
    const drain = async (it: AsyncIterable<unknown>): Promise<void> => {
      for await (const _ of it) void _;
    };
    await expect(drain(backend.query(renderSelect('sqlite', GLPOST_BY_PERIOD, { after: false, limit: 10 }), {}))).rejects.toThrow(/sqlite/);
    await expect(
      drain(backend.query(renderSelect('mssql', GLPOST_BY_PERIOD, { after: false, limit: 10 }), { year: '2026' })),
    ).rejects.toThrow(/@period/);
  });

  it('pauses the request when the buffer is full, resumes as the consumer drains, cancels on early exit', async () => {
    const { driver, requests } = fakeDriver(100);
    const backend = createMssqlBackend({ server: 's', database: 'D', highWaterRows: 10 }, { log: silentLogger(), driver });
    const sql = renderSelect('mssql', GLPOST_BY_PERIOD, { after: false, limit: 100 });
    let n = 0;
    let maxQueued = 0;
    for await (const _ of backend.query(sql, { year: '2026', period: '01' })) {
      void _;
      // A slow consumer: the fake producer sends 7 rows per tick.
      await new Promise((resolve) => setTimeout(resolve, 1));
      maxQueued = Math.max(maxQueued, requests[0]!.sentCount() - n);
      if (++n === 50) break;
    }
    const req = requests[0]!;
    expect(req.pauses).toBeGreaterThan(0);
    expect(req.resumes).toBeGreaterThan(0);
    expect(req.cancelled).toBe(true);
    expect(maxQueued).toBeLessThanOrEqual(10 + 7);
  });

  it('keeps passwords out of nothing but the pool config', () => {
    expect(poolConfig({ server: 's', database: 'D', password: 'pw' })).toMatchObject({ password: 'pw', requestTimeout: 300000 });
  });
});
