import { create } from 'zustand';
import { ApiError } from '../../../shared/api/errors';
import { useNav, type PageId } from './nav';

export interface AppErrorItem {
  id: number;
  message: string;
  /** The page the failed action was taken on: its banner shows there only. */
  page: PageId;
}

interface ErrorState {
  errors: AppErrorItem[];
  push(message: string, page?: PageId): void;
  dismiss(id: number): void;
  /** Drop every banner raised on `page` (the analyst left it, so they no longer describe what is shown). */
  clearPage(page: PageId): void;
}

let nextId = 1;

/** Errors shown in the banner, newest last. Plain words only: never a stack trace. */
export const useErrors = create<ErrorState>((set) => ({
  errors: [],
  push: (message, page = useNav.getState().page) =>
    set((s) => {
      // The same message twice in a row on one page (e.g. a retried call) shows once.
      const last = s.errors.at(-1);
      if (last?.message === message && last.page === page) return s;
      return { errors: [...s.errors, { id: nextId++, message, page }].slice(-4) };
    }),
  dismiss: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  clearPage: (page) => set((s) => (s.errors.some((e) => e.page === page) ? { errors: s.errors.filter((e) => e.page !== page) } : s)),
}));

// A banner belongs to the page whose action raised it: leaving that page retires it, so a failed
// Start on the Train page does not follow the analyst to Datasets.
useNav.subscribe((now, before) => {
  if (now.page !== before.page) useErrors.getState().clearPage(before.page);
});

/** The banners for one page. */
export const errorsFor = (errors: AppErrorItem[], page: PageId): AppErrorItem[] => errors.filter((e) => e.page === page);

/** Turn anything thrown into one readable sentence. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return `Something went wrong: ${err.message}`;
  return 'Something went wrong.';
}

/** Report a failed call to the banner of the page the analyst is on. */
export function reportError(err: unknown): void {
  useErrors.getState().push(errorMessage(err));
}
