/** Run colours; also used for text (table headers), so each reaches 4.5:1 on white and #f8f9fa (test/contrast.test.ts). */
export const PALETTE = ['#1864ab', '#c2410c', '#237032', '#862e9c', '#8a5a00', '#0b7285', '#a61e4d', '#46730a'];

/** A distinct colour per compared experiment (by position; up to 8). */
export const colorOf = (i: number): string => PALETTE[i % PALETTE.length];

/** Colours of graph-diff changes: added green, removed red, changed amber. */
export const CHANGE_COLORS = {
  added: { fill: '#ebfbee', stroke: '#2f9e44' },
  removed: { fill: '#fff5f5', stroke: '#e03131' },
  changed: { fill: '#fff9db', stroke: '#f08c00' },
  same: { fill: '#fff', stroke: '#ced4da' },
} as const;
