import { IntacctReadError } from '../connectors/intacct/index.ts';
import { ReconcileInputError } from '../core/reconcile/index.ts';
import type { StateStore } from '../core/state/index.ts';
import { ToolError } from '../governance/errors.ts';
import type { Services } from '../governance/services.ts';
import type { CompanyRuntime } from './company-runtime.ts';
import { WiringError } from './gl-wiring.ts';
import { reconcileCompany } from './reconcile-wiring.ts';

/** `Services.reconcile`: runs the reconciliation over the company's runtime and turns its failures into the tool error codes. */
export function reconcileService(
  runtimeOf: (company: string) => CompanyRuntime,
  store: StateStore,
  stateDir: string,
): Services['reconcile'] {
  return async (company, year, period) => {
    try {
      return await reconcileCompany(runtimeOf(company), store, stateDir, { year, period });
    } catch (err) {
      if (err instanceof ReconcileInputError) throw new ToolError('invalid_arguments', err.message);
      if (err instanceof WiringError) throw new ToolError('configuration', err.message);
      if (err instanceof IntacctReadError) throw new ToolError('upstream_unavailable', err.message);
      throw err;
    }
  };
}
