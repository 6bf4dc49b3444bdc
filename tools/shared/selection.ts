// The selection vocabulary is the domain's (src/domain/selection.ts), shared by the tools and the CLI.
export { selectionOf } from '../../src/domain/selection.ts';
