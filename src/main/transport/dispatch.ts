import { z } from 'zod';
import { contract, isMethodName, type Handlers } from '../../shared/api/contract';
import { ApiError, type CallResult } from '../../shared/api/errors';
import { isDiskFull } from '../db/errors';

/** Plain-words summary of a zod failure: "graph.nodes.0.kind: Required". */
export function describeZodError(error: z.ZodError): { message: string; details: { path: string; message: string }[] } {
  const details = error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
  const first = details[0];
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return { message: `Invalid input at ${first.path}: ${first.message}${more}`, details };
}

/**
 * The one entry point of every transport: validate the input against the contract, run the handler,
 * and return data or an error envelope. Never throws; never leaks a stack trace.
 */
export async function dispatch(handlers: Handlers, method: string, input: unknown): Promise<CallResult<unknown>> {
  if (!isMethodName(method))
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method "${String(method).slice(0, 100)}".` } };
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const { message, details } = describeZodError(parsed.error);
    return { ok: false, error: { code: 'invalid_input', message: `${method}: ${message}`, details } };
  }
  try {
    const handler = handlers[method] as (i: unknown) => unknown;
    const result = await handler(parsed.data);
    return { ok: true, result: result ?? null };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toData() };
    // A full disk is an ordinary condition for every writer (export, import, save): plain words, host stays up.
    if (isDiskFull(err))
      return {
        ok: false,
        error: { code: 'unavailable', message: `${method}: the disk is full, so nothing was saved. Free some space on the disk and try again.` },
      };
    // Unexpected failures are logged here, on the Node side, and reach the user as one plain line.
    console.error(`[dispatch] ${method} failed:`, err);
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message: `${method} failed: ${message}` } };
  }
}
