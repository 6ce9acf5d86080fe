import { create } from 'zustand';
import { ApiError } from '../../../shared/api/errors';

export interface AppErrorItem {
  id: number;
  message: string;
}

interface ErrorState {
  errors: AppErrorItem[];
  push(message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Errors shown in the banner, newest last. Plain words only: never a stack trace. */
export const useErrors = create<ErrorState>((set) => ({
  errors: [],
  push: (message) =>
    set((s) =>
      // The same message twice in a row (e.g. a retried call) shows once.
      s.errors.at(-1)?.message === message ? s : { errors: [...s.errors, { id: nextId++, message }].slice(-4) },
    ),
  dismiss: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
}));

/** Turn anything thrown into one readable sentence. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return `Something went wrong: ${err.message}`;
  return 'Something went wrong.';
}

/** Report a failed call to the banner. */
export function reportError(err: unknown): void {
  useErrors.getState().push(errorMessage(err));
}
