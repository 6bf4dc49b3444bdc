/** Every query spec the reader renders (for contract tests and tooling). */
import type { SelectSpec } from './sql-statement.ts';
import { GL_SPECS } from './sql-queries-gl.ts';
import { AP_AR_SPECS } from './sql-queries-ap-ar.ts';
import { AP_PAY_SPECS } from './sql-queries-ap-pay.ts';
import { PO_PM_SPECS } from './sql-queries-po-pm.ts';

export const ALL_SELECT_SPECS: readonly SelectSpec[] = [...GL_SPECS, ...AP_AR_SPECS, ...AP_PAY_SPECS, ...PO_PM_SPECS];
