import type { IntacctClient } from './client.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Every VENDORID in Intacct (one paged read); throws when Intacct cannot be read. */
export async function readVendorIds(client: IntacctClient): Promise<ReadonlySet<string>> {
  const all = await client.readAll('VENDOR', '', { fields: ['VENDORID'] });
  if (!all.ok) throw new Error(`Intacct vendors could not be read: ${all.error.message}`);
  return new Set(all.value.map((v) => text(v.VENDORID)).filter((id) => id !== ''));
}
