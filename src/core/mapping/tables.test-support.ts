import { parseMappings } from './load-mappings.ts';
import { MAPPING_FILE_COLUMNS } from './mapping-files.ts';
import type { MappingTables } from './tables.ts';

/** CSV text for a mapping file: its header plus the given data lines. */
export function csvOf(file: keyof typeof MAPPING_FILE_COLUMNS, ...lines: string[]): string {
  return [MAPPING_FILE_COLUMNS[file].join(','), ...lines].join('\n') + '\n';
}

/** The six files with only headers, overridden by the given texts. */
export function filesWith(overrides: Partial<Record<keyof typeof MAPPING_FILE_COLUMNS, string>>): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of Object.keys(MAPPING_FILE_COLUMNS) as (keyof typeof MAPPING_FILE_COLUMNS)[])
    files[file] = overrides[file] ?? csvOf(file);
  return files;
}

/** Parses test tables, failing the test loudly when the fixture itself is wrong. */
export function tablesOf(accountLines: readonly string[], dimensionLines: readonly string[] = []): MappingTables {
  const parsed = parseMappings(
    filesWith({ 'accounts.csv': csvOf('accounts.csv', ...accountLines), 'dimensions.csv': csvOf('dimensions.csv', ...dimensionLines) }),
  );
  if (!parsed.ok) throw new Error(`bad fixture:\n${parsed.error.map((e) => e.message).join('\n')}`);
  return parsed.value;
}
