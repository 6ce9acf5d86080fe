import { create } from 'zustand';

/** The four top-level pages, in navigation order (Ctrl+1..4). */
export const PAGES = [
  { id: 'model', label: 'Model' },
  { id: 'train', label: 'Train' },
  { id: 'experiments', label: 'Experiments' },
  { id: 'datasets', label: 'Datasets' },
  { id: 'sweeps', label: 'Sweeps' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

const fromHash = (): PageId => {
  const h = window.location.hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === h)?.id ?? 'model';
};

interface NavState {
  page: PageId;
  go(page: PageId): void;
  helpOpen: boolean;
  setHelp(open: boolean): void;
}

/** The current page, mirrored in the URL hash so a reload stays where the analyst was. */
export const useNav = create<NavState>((set) => ({
  page: fromHash(),
  go: (page) => {
    if (window.location.hash !== `#/${page}`) window.history.replaceState(null, '', `#/${page}`);
    set({ page });
  },
  helpOpen: false,
  setHelp: (helpOpen) => set({ helpOpen }),
}));

window.addEventListener('hashchange', () => useNav.setState({ page: fromHash() }));
