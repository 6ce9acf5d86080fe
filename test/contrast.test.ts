import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../src/renderer/src/ui/contrast';
import { PALETTE } from '../src/renderer/src/pages/compare/colors';

// The colours as the app ships them: read from the stylesheet, not copied, so the figures stay true.
const css = ['app.css', 'pages/sweeps/sweeps.css'].map((f) => readFileSync(join(__dirname, '..', 'src', 'renderer', 'src', f), 'utf8')).join('\n');
const cssVar = (name: string): string => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{3,6})\\s*;`).exec(css);
  if (!m) throw new Error(`app.css has no colour --${name}`);
  return m[1];
};
/** The background of a rule in those stylesheets (`.selector { … background: #xxxxxx …}`). */
const ruleBackground = (selector: string): string => {
  const m = new RegExp(`${selector.replace(/[.*]/g, '\\$&')} \\{[^}]*background: (#[0-9a-fA-F]{3,6})`).exec(css);
  if (!m) throw new Error(`app.css has no background for ${selector}`);
  return m[1];
};

/** Text/background pairs the app uses for normal-size text (WCAG 2.1 AA asks for 4.5:1). */
const pairs = (): [where: string, fg: string, bg: string][] => [
  ['white on the primary blue (primary buttons, current page)', '#ffffff', cssVar('app-accent')],
  ['muted grey on the page background', cssVar('app-muted'), cssVar('app-bg')],
  ['muted grey on a panel', cssVar('app-muted'), cssVar('app-panel')],
  ['muted grey on a table header', cssVar('app-muted'), ruleBackground('.app-table th')],
  ['links in a notice banner', cssVar('app-accent'), cssVar('app-accent-soft')],
  ['links on a panel', cssVar('app-accent'), cssVar('app-panel')],
  ['"★ best" on the best sweep trial', cssVar('app-warn'), ruleBackground('.sweep-best-row td')],
  ['"completed" badge', cssVar('app-ok'), ruleBackground('.app-badge-completed')],
  ['error text on a panel', cssVar('app-bad'), cssVar('app-panel')],
  ['error banner text', '#a61e1e', ruleBackground('.app-banner')],
];

describe('WCAG 2.1 contrast of the app colours', () => {
  it('computes the reference ratios from the WCAG definition', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#fff', '#ffffff')).toBe(1);
  });

  it('the colours before issue 16 fell short, as the issue reports', () => {
    expect(contrastRatio('#ffffff', '#1c7ed6')).toBeCloseTo(4.2, 2);
    expect(contrastRatio('#66788a', '#f6f7f9')).toBeCloseTo(4.24, 2);
    expect(contrastRatio('#1c7ed6', '#e7f1fb')).toBeCloseTo(3.67, 2);
    expect(contrastRatio('#e67700', '#fff9db')).toBeCloseTo(2.83, 2);
  });

  it.each(pairs())('%s reaches 4.5:1 (%s on %s)', (_where, fg, bg) => {
    expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(PALETTE)('compare run colour %s reaches 4.5:1 as text on a table header', (c) => {
    expect(contrastRatio(c, ruleBackground('.app-table th'))).toBeGreaterThanOrEqual(4.5);
  });

  it('prints the figures quoted in the README', () => {
    const lines = pairs().map(([where, fg, bg]) => `${contrastRatio(fg, bg).toFixed(2)}:1  ${where} (${fg} on ${bg})`);
    console.log(lines.join('\n'));
    expect(lines).toHaveLength(pairs().length);
  });
});
