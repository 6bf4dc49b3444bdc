import type { IntacctClient } from './client.ts';
import { readFailure } from './read-failure.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Every VENDORID in Intacct (one paged read); throws when Intacct cannot be read. */
export async function readVendorIds(client: IntacctClient): Promise<ReadonlySet<string>> {
  const all = await client.readAll('VENDOR', '', { fields: ['VENDORID'] });
  if (!all.ok) throw readFailure('vendors', all.error);
  return new Set(all.value.map((v) => text(v.VENDORID)).filter((id) => id !== ''));
}
