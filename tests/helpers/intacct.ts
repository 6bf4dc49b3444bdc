import { createIntacctClient, type IntacctClient } from '../../src/connectors/intacct/index.ts';
import { parseConfig, type IntacctCompanyConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startIntacctEmulator, type EmulatorOptions, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';

/** Company config pointing at an emulator, with fast retries so tests stay quick. */
export function companyConfigFor(emulator: IntacctEmulator, overrides: Record<string, unknown> = {}): IntacctCompanyConfig {
  const cfg = parseConfig(
    {
      intacct: {
        companies: [
          {
            key: 'sandbox',
            endpoint: emulator.endpoint,
            ...emulator.credentials,
            retry: { maxRetries: 4, baseDelayMs: 5, maxDelayMs: 50 },
            ...overrides,
          },
        ],
      },
    },
    'test',
    {},
  );
  return cfg.intacct.companies[0]!;
}

export interface Harness {
  emulator: IntacctEmulator;
  client: IntacctClient;
  close(): Promise<void>;
}

/** Starts an in-memory emulator and a client for it. */
export async function startHarness(
  emulatorOptions: EmulatorOptions = {},
  configOverrides: Record<string, unknown> = {},
  limiter?: 'none',
): Promise<Harness> {
  const emulator = await startIntacctEmulator({ seed: 7, ...emulatorOptions });
  const client = createIntacctClient(companyConfigFor(emulator, configOverrides), { log: silentLogger(), ...(limiter ? { limiter } : {}) });
  return {
    emulator,
    client,
    async close() {
      await client.close();
      await emulator.stop();
    },
  };
}

/** Unwraps an outcome in tests, failing with the error's message. */
export function must<T>(outcome: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}
