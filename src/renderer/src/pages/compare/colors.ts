const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d'];

/** A distinct colour per compared experiment (by position; up to 8). */
export const colorOf = (i: number): string => PALETTE[i % PALETTE.length];

/** Colours of graph-diff changes: added green, removed red, changed amber. */
export const CHANGE_COLORS = {
  added: { fill: '#ebfbee', stroke: '#2f9e44' },
  removed: { fill: '#fff5f5', stroke: '#e03131' },
  changed: { fill: '#fff9db', stroke: '#f08c00' },
  same: { fill: '#fff', stroke: '#ced4da' },
} as const;
