/** Error codes that cross every transport. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'invalid_graph'
  | 'internal';

/** The only error shape that crosses a transport: no stack traces. */
export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Thrown by services and clients; carries the wire shape. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toData(): ApiErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The envelope every transport returns for a call. */
export type CallResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };
