import { fileError, type MappingFileError } from './mapping-files.ts';
import type { MappingTables } from './tables.ts';

/** Lowercases the company's segment names (GLABK descriptions such as `Department`) to the form the files use. */
export function normaliseSegmentNames(segmentNames: readonly string[]): string[] {
  return segmentNames.map((s) => s.trim().toLowerCase());
}

/**
 * Checks the tables against the company's account structure: every source_account has one pattern per segment, and
 * every `=segment` reference and dimensions.csv segment names a segment of the structure.
 */
export function checkStructure(tables: MappingTables, segmentNames: readonly string[]): MappingFileError[] {
  const names = normaliseSegmentNames(segmentNames);
  const shape = names.join('-');
  const known = new Set(names);
  const errors: MappingFileError[] = [];
  for (const rule of tables.accounts) {
    if (rule.pattern.length !== names.length) {
      errors.push(
        fileError(
          'structure',
          { file: 'accounts.csv', line: rule.line, column: 'source_account' },
          `"${rule.source}" has ${rule.pattern.length} segment(s); the account structure has ${names.length} (${shape})`,
          `write one value or * per segment in the order ${shape}, e.g. ${names.map((_, k) => (k === 0 ? (rule.pattern[0] ?? '*') : '*')).join('-')}`,
        ),
      );
    }
    for (const [field, source] of Object.entries(rule.dimensions)) {
      if (source.kind === 'segment' && !known.has(source.segment)) {
        errors.push(
          fileError(
            'structure',
            { file: 'accounts.csv', line: rule.line, column: columnOf(field) },
            `=${source.segment} is not a segment of the account structure (${names.join(', ')})`,
            `reference one of ${names.map((n) => `=${n}`).join(', ')}`,
          ),
        );
      }
    }
  }
  for (const row of tables.dimensions) {
    if (!known.has(row.segment)) {
      errors.push(
        fileError(
          'structure',
          { file: 'dimensions.csv', line: row.line, column: 'segment' },
          `"${row.segment}" is not a segment of the account structure (${names.join(', ')})`,
          `write one of ${names.join(', ')}`,
        ),
      );
    }
  }
  return errors;
}

const COLUMN_OF: Record<string, string> = { DEPARTMENT: 'department', LOCATION: 'location', CLASSID: 'class', PROJECTID: 'project' };
const columnOf = (field: string): string => COLUMN_OF[field] ?? field;
