import type { Sage300Reader } from './reader.ts';

/** The company's home currency (CSCOM.HOMECUR), USD when the profile cannot be read or does not say. */
export async function homeCurrencyOf(reader: Sage300Reader): Promise<string> {
  let home = 'USD';
  for await (const p of reader.gl.companyProfile()) if (p.ok && p.value.homeCurrency) home = p.value.homeCurrency;
  return home;
}
