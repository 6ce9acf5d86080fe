import { CommanderError } from 'commander';
import { ApiError } from '../../shared/api/errors';
import { FLAG_OF_PATH } from './options';

/** What the CLI says about a failure: a code for scripts and one plain sentence for people. */
export interface CliFailure {
  code: string;
  message: string;
}

/** `experiments.create: Invalid input at hyperparams.epochs: Too small …` → the flag the user typed. */
function fromSchemaError(err: ApiError): string {
  const details = Array.isArray(err.details) ? (err.details as { path?: unknown; message?: unknown }[]) : [];
  for (const d of details) {
    const flag = typeof d.path === 'string' ? FLAG_OF_PATH[d.path] : undefined;
    if (flag) return `${flag} has a value that is not allowed here; --help says what it takes.`;
  }
  // Drop the method prefix ("experiments.create: "): it is the contract's name, not the user's.
  return err.message.replace(/^[a-z]+\.[A-Za-z]+: /, '');
}

/** Turn anything thrown while running a command into a code and a message in the user's words. */
export function describeFailure(err: unknown): CliFailure {
  if (err instanceof CommanderError) return { code: 'invalid_input', message: err.message.replace(/^error: /, '') };
  if (err instanceof ApiError)
    return { code: err.code, message: err.code === 'invalid_input' ? fromSchemaError(err) : err.message };
  if (err instanceof Error) return { code: 'failed', message: err.message };
  return { code: 'failed', message: String(err) };
}

/**
 * Print a failure as the command's last output: with --json, exactly one JSON line on stdout
 * (`{"ok":false,"error":{"code","message"}}`) so a script reading lines always gets an answer; otherwise
 * one `error:` line on stderr. Never a stack trace.
 */
export function printFailure(err: unknown, json: boolean): void {
  const failure = describeFailure(err);
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: failure }) + '\n');
  else console.error(`error: ${failure.message}`);
}
