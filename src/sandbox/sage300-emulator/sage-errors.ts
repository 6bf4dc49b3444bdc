/**
 * The OData error answers the emulator gives (reference §8.6). Codes are Sage's documented ones; the HTTP status
 * per code beyond 404/409 is UNCONFIRMED and is our documented choice:
 * 400 InvalidPayload / InvalidParameters / InvalidEntityKey / InvalidAction, 401 Unauthorized,
 * 404 RecordNotFound / ResourceNotFound, 405 MethodNotAllowed, 409 General / RecordDuplicate, 500 InternalServerError.
 */
import { err, ok as okResult, type Err, type Result } from '../../domain/result.ts';

export type SageErrorCode =
  | 'Unauthorized'
  | 'InvalidParameters'
  | 'InvalidPayload'
  | 'InvalidEntityKey'
  | 'InvalidAction'
  | 'ResourceNotFound'
  | 'RecordNotFound'
  | 'MethodNotAllowed'
  | 'RecordDuplicate'
  | 'General'
  | 'InternalServerError';

/** An error answer: what the handler returns instead of throwing. */
export interface SageFault {
  status: number;
  code: SageErrorCode;
  message: string;
}

export type Handled<T> = Result<T, SageFault>;

export const ok = <T>(value: T): Handled<T> => okResult(value);
export const failed = (status: number, code: SageErrorCode, message: string): Err<SageFault> => err({ status, code, message });

export const badPayload = (message: string) => failed(400, 'InvalidPayload', message);
export const badParameters = (message: string) => failed(400, 'InvalidParameters', message);
export const businessRule = (message: string) => failed(409, 'General', message);
export const recordNotFound = () => failed(404, 'RecordNotFound', 'A Record cannot be found for the specified entity key');
export const duplicate = (message: string) => failed(409, 'RecordDuplicate', message);

export function errorBody(fault: SageFault): unknown {
  return { error: { code: fault.code, message: { lang: 'en-US', value: fault.message } } };
}

/** Carries a fault out of a SQLite transaction callback so the transaction rolls back; caught at the route. */
export class RollbackFault extends Error {
  constructor(readonly fault: SageFault) {
    super(fault.message);
    this.name = 'RollbackFault';
  }
}
