/**
 * Alpaca error numbers (ASCOM COM codes minus 0x80040000) ↔ Nightshift error codes. 0x500–0x502 are
 * Nightshift's driver-specific numbers so timeouts, post-condition and protocol failures survive a
 * round trip through our own server.
 */
import { AppError, type ErrorCode } from '../../../src-shared/errors';

export const ALPACA_ERROR = {
  NotImplemented: 0x400,
  InvalidValue: 0x401,
  ValueNotSet: 0x402,
  NotConnected: 0x407,
  InvalidWhileParked: 0x408,
  InvalidWhileSlaved: 0x409,
  InvalidOperation: 0x40b,
  ActionNotImplemented: 0x40c,
  OperationCancelled: 0x40e,
  UnspecifiedError: 0x4ff,
  /** Nightshift driver-specific: device.timeout. */
  Timeout: 0x500,
  /** Nightshift driver-specific: device.postcondition. */
  Postcondition: 0x501,
  /** Nightshift driver-specific: device.protocol. */
  Protocol: 0x502,
  /** Nightshift driver-specific: device.unsafe. */
  Unsafe: 0x503,
} as const;

/** The AppError for a non-zero Alpaca ErrorNumber (details carry the number). */
export function alpacaError(errorNumber: number, message: string, details: Record<string, unknown> = {}): AppError {
  let code: ErrorCode;
  switch (errorNumber) {
    case ALPACA_ERROR.NotImplemented:
    case ALPACA_ERROR.ActionNotImplemented:
      code = 'device.unsupported';
      break;
    case ALPACA_ERROR.InvalidValue:
    case ALPACA_ERROR.ValueNotSet:
      code = 'validation.invalid';
      break;
    case ALPACA_ERROR.NotConnected:
      code = 'device.disconnected';
      break;
    case ALPACA_ERROR.InvalidWhileParked:
    case ALPACA_ERROR.InvalidWhileSlaved:
    case ALPACA_ERROR.InvalidOperation:
      code = 'device.busy';
      break;
    case ALPACA_ERROR.Timeout:
      code = 'device.timeout';
      break;
    case ALPACA_ERROR.Postcondition:
      code = 'device.postcondition';
      break;
    case ALPACA_ERROR.Protocol:
      code = 'device.protocol';
      break;
    case ALPACA_ERROR.Unsafe:
      code = 'device.unsafe';
      break;
    default:
      code = 'device.error';
  }
  return new AppError(code, message || `Alpaca error 0x${errorNumber.toString(16)}`, { ...details, alpacaErrorNumber: errorNumber });
}

/** The Alpaca ErrorNumber for anything a device threw (server side). */
export function alpacaErrorNumber(thrown: unknown): number {
  if (!(thrown instanceof AppError)) return ALPACA_ERROR.UnspecifiedError;
  switch (thrown.code) {
    case 'device.unsupported':
      return ALPACA_ERROR.NotImplemented;
    case 'validation.invalid':
      return ALPACA_ERROR.InvalidValue;
    case 'device.disconnected':
      return ALPACA_ERROR.NotConnected;
    case 'device.busy':
    case 'conflict.state':
      return ALPACA_ERROR.InvalidOperation;
    case 'device.timeout':
      return ALPACA_ERROR.Timeout;
    case 'device.postcondition':
      return ALPACA_ERROR.Postcondition;
    case 'device.protocol':
      return ALPACA_ERROR.Protocol;
    case 'device.unsafe':
      return ALPACA_ERROR.Unsafe;
    default:
      return ALPACA_ERROR.UnspecifiedError;
  }
}
