import type { MappingReport, ReportEntry } from './report.ts';

function entryText(entry: ReportEntry): string {
  return `  [${entry.code}] ${entry.message}\n      fix: ${entry.fix}`;
}

/** Renders a validation report for people: a verdict line, then errors and warnings each with its fix. */
export function formatReport(report: MappingReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verdict = report.ok ? 'Mappings OK' : 'Mappings have problems';
  const lines = [`${verdict} as of ${report.asOf}: ${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}`];
  if (report.errors.length > 0) lines.push('', 'Errors:', ...report.errors.map(entryText));
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.map(entryText));
  return `${lines.join('\n')}\n`;
}
