import { IntacctReadError } from '../connectors/intacct/index.ts';
import { ReconcileInputError } from '../core/reconcile/index.ts';
import type { StateStore } from '../core/state/index.ts';
import { ToolError } from '../governance/errors.ts';
import type { Services } from '../governance/services.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { WiringError } from './gl-wiring.ts';
import { runReconciliation } from './reconcile-wiring.ts';

/** `Services.reconcile`: runs the reconciliation and turns its failures into the tool error codes. */
export function reconcileService(config: Config, companyConfig: (key: string) => Sage300CompanyConfig, store: StateStore, log: Logger): Services['reconcile'] {
  return async (company, year, period) => {
    try {
      return await runReconciliation(config, companyConfig(company), store, log.child({ module: 'reconcile', company }), { year, period });
    } catch (err) {
      if (err instanceof ReconcileInputError) throw new ToolError('invalid_arguments', err.message);
      if (err instanceof WiringError) throw new ToolError('configuration', err.message);
      if (err instanceof IntacctReadError) throw new ToolError('upstream_unavailable', err.message);
      throw err;
    }
  };
}
