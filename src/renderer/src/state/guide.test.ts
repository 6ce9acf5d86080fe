import { describe, expect, it } from 'vitest';
import { guideVisible } from './guide';

describe('guideVisible (getting-started guide)', () => {
  const first = { requested: false, dismissed: false, experimentsLoaded: true, experiments: 0 };

  it('shows on a first launch: the experiments list loaded and empty', () => {
    expect(guideVisible(first)).toBe(true);
  });

  it('stays away once put away, once there are experiments, and until the list has loaded', () => {
    expect(guideVisible({ ...first, dismissed: true })).toBe(false);
    expect(guideVisible({ ...first, experiments: 3 })).toBe(false);
    expect(guideVisible({ ...first, experimentsLoaded: false })).toBe(false);
  });

  it('shows whenever asked for from the help menu, put away or not', () => {
    expect(guideVisible({ requested: true, dismissed: true, experimentsLoaded: true, experiments: 5 })).toBe(true);
    expect(guideVisible({ requested: true, dismissed: false, experimentsLoaded: false, experiments: 0 })).toBe(true);
  });
});
