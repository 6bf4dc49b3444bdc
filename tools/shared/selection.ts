// The selection vocabulary is the domain's (src/domain/selection.ts), shared by the tools and the CLI.
export { selectionOf, type PeriodOrRange, type SelectionFields as SelectionArgs } from '../../src/domain/selection.ts';
