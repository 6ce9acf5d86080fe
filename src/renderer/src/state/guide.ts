import { create } from 'zustand';

/** localStorage key: '1' once the analyst has put the getting-started guide away. */
export const GUIDE_DISMISSED_KEY = 'layerlab.guide.dismissed';

/**
 * Whether the getting-started guide shows: asked for from the help menu, or on a first launch (the
 * experiments list has loaded and is empty) unless it was put away before. Before the list has loaded
 * nothing shows, so a project with experiments never flashes the guide.
 */
export function guideVisible(s: { requested: boolean; dismissed: boolean; experimentsLoaded: boolean; experiments: number }): boolean {
  if (s.requested) return true;
  return !s.dismissed && s.experimentsLoaded && s.experiments === 0;
}

const readDismissed = (): boolean => {
  try {
    return localStorage.getItem(GUIDE_DISMISSED_KEY) === '1';
  } catch {
    return false; // storage blocked: show the guide on a first launch, forget the choice
  }
};

interface GuideState {
  requested: boolean;
  /** Counts the times it was asked for, so asking again while it shows moves focus to it again. */
  asked: number;
  dismissed: boolean;
  /** Open the guide (help menu). */
  show(): void;
  /** Put the guide away, and remember it for the next launches. */
  dismiss(): void;
}

export const useGuide = create<GuideState>((set) => ({
  requested: false,
  asked: 0,
  dismissed: readDismissed(),
  show: () => set((s) => ({ requested: true, asked: s.asked + 1 })),
  dismiss: () => {
    try {
      localStorage.setItem(GUIDE_DISMISSED_KEY, '1');
    } catch {
      // storage blocked: hidden for this session only
    }
    set({ requested: false, dismissed: true });
  },
}));
