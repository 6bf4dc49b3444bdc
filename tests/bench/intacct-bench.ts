import { createIntacctClient, fn, buildRequestXml, parseResponseXml, type IntacctFunction } from '../../src/connectors/intacct/index.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startIntacctEmulator, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';

const LINES_PER_ENTRY = 4;

function journalEntry(i: number) {
  const amount = `${(i % 900) + 100}.25`;
  return {
    JOURNAL: 'GJ',
    BATCH_DATE: '05/15/2026',
    BATCH_TITLE: `Bench entry ${i}`,
    REFERENCENO: `BENCH-${i}`,
    ENTRIES: {
      GLENTRY: [
        { ACCOUNTNO: '6000', TR_TYPE: '1', TRX_AMOUNT: amount, DEPARTMENT: 'ADM', DESCRIPTION: 'salaries' },
        { ACCOUNTNO: '6100', TR_TYPE: '1', TRX_AMOUNT: amount, DESCRIPTION: 'expense' },
        { ACCOUNTNO: '2000', TR_TYPE: '-1', TRX_AMOUNT: amount, DESCRIPTION: 'payable' },
        { ACCOUNTNO: '2000', TR_TYPE: '-1', TRX_AMOUNT: amount, DESCRIPTION: 'payable' },
      ].slice(0, LINES_PER_ENTRY),
    },
  };
}

function entries(prefix: string, from: number, n: number): IntacctFunction[] {
  return Array.from({ length: n }, (_, k) => fn.create('GLBATCH', journalEntry(from + k), { idempotencyKey: `${prefix}-${from + k}` }));
}

function clientFor(emulator: IntacctEmulator, functionsPerRequest: number) {
  const cfg = parseConfig(
    {
      intacct: {
        companies: [{ key: 'bench', endpoint: emulator.endpoint, ...emulator.credentials, maxConcurrent: 2, functionsPerRequest }],
      },
    },
    'bench',
    {},
  ).intacct.companies[0]!;
  return createIntacctClient(cfg, { log: silentLogger() });
}

/** CPU time to build and to parse one 50-function GLBATCH request, per function. */
export async function benchBuildParse() {
  const emulator = await startIntacctEmulator({});
  const functions = entries('cpu', 0, 50);
  const auth = { sessionId: 'bench-session-id-0123456789' };
  const requestXml = buildRequestXml({
    senderId: emulator.credentials.senderId,
    senderPassword: emulator.credentials.senderPassword,
    controlId: 'bench',
    uniqueId: true,
    transaction: false,
    auth: { userId: emulator.credentials.userId, companyId: emulator.credentials.companyId, password: emulator.credentials.userPassword },
    functions,
  });
  // A real response from the emulator to parse, so the parse figure covers the true shape.
  const responseXml = await (
    await fetch(emulator.endpoint, { method: 'POST', body: requestXml, headers: { 'content-type': 'application/xml' } })
  ).text();
  await emulator.stop();
  const parsedOnce = parseResponseXml(responseXml);
  if (!parsedOnce.ok) throw new Error(`bench response did not parse: ${parsedOnce.error.message}`);

  const iterations = 400;
  const time = (work: () => void) => {
    for (let i = 0; i < 20; i++) work();
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) work();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / iterations / functions.length;
  };
  const buildUs = time(() =>
    buildRequestXml({ senderId: 's', senderPassword: 'p', controlId: 'c', uniqueId: true, transaction: false, auth, functions }),
  );
  const parseUs = time(() => parseResponseXml(responseXml));
  return {
    name: 'intacct_build_parse_50_function_glbatch_request',
    functions: functions.length,
    linesPerEntry: LINES_PER_ENTRY,
    requestBytes: requestXml.length,
    responseBytes: responseXml.length,
    buildCpuMicrosPerFunction: Number(buildUs.toFixed(2)),
    parseCpuMicrosPerFunction: Number(parseUs.toFixed(2)),
  };
}

/** Wall time for 2,000 journal entries at 100 ms latency and concurrency 2, against the bound and a naive serial run. */
export async function benchCreateEntries(options: { total: number; naiveSample: number; latencyMs: number }) {
  const emulator = await startIntacctEmulator({ maxConcurrent: 2, faults: { latencyMs: options.latencyMs } });
  try {
    const batched = clientFor(emulator, 50);
    await batched.readAll('GLJOURNAL', ''); // open the session outside the timed part
    emulator.resetStats();
    const t0 = performance.now();
    const results = await batched.execute(entries('bat', 0, options.total));
    const batchedMs = performance.now() - t0;
    const failed = results.filter((r) => !r.ok).length;
    const stats = emulator.stats();
    await batched.close();

    const naive = clientFor(emulator, 1);
    await naive.readAll('GLJOURNAL', '');
    const t1 = performance.now();
    for (const f of entries('naive', 0, options.naiveSample)) {
      const [r] = await naive.execute([f]);
      if (!r?.ok) throw new Error(`naive write failed: ${r ? JSON.stringify(r) : 'no result'}`);
    }
    const naiveMs = performance.now() - t1;
    await naive.close();

    const boundMs = (Math.ceil(options.total / 50) * options.latencyMs) / 2;
    const naivePerEntryMs = naiveMs / options.naiveSample;
    return {
      name: 'intacct_create_journal_entries',
      entries: options.total,
      latencyMs: options.latencyMs,
      maxConcurrent: 2,
      functionsPerRequest: 50,
      failed,
      requests: stats.requests,
      rejected429: stats.rejected429,
      wallMs: Math.round(batchedMs),
      boundMs,
      wallOverBound: Number((batchedMs / boundMs).toFixed(3)),
      naiveSerial: {
        measuredEntries: options.naiveSample,
        wallMs: Math.round(naiveMs),
        perEntryMs: Number(naivePerEntryMs.toFixed(1)),
        extrapolatedWallMsFor: { entries: options.total, wallMs: Math.round(naivePerEntryMs * options.total) },
      },
      speedupOverNaive: Number(((naivePerEntryMs * options.total) / batchedMs).toFixed(1)),
    };
  } finally {
    await emulator.stop();
  }
}
