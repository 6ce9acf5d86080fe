import type React from 'react';
interface Props {
  matrix: number[][];
  classes: string[];
  /** Signed values (a difference of two matrices): blue more, red fewer. */
  signed?: boolean;
  selected?: [number, number] | null;
  onCell?(trueClass: number, predictedClass: number): void;
  /** Test id of the SVG; cells get `<cellPrefix>-<true>-<pred>`. */
  testId?: string;
  cellPrefix?: string;
  title?: string;
}

const CELL = 30;
/** Roughly the width of one character of the 11 px labels (DejaVu/Segoe average, rounded up). */
const CHAR_PX = 7;
/** Longer class names are shortened (the full name stays in each cell's tooltip and label). */
const MAX_CHARS = 18;

const short = (name: string) => (name.length > MAX_CHARS ? `${name.slice(0, MAX_CHARS - 1)}…` : name);

/**
 * Room for the class names: the row names set the left margin; column names that do not fit a cell's width
 * are written upwards, so "nurture" and "virginica" never run into each other.
 */
export function matrixLayout(classes: string[]): { left: number; top: number; upright: boolean } {
  const longest = Math.max(1, ...classes.map((c) => short(c).length)) * CHAR_PX;
  const upright = longest > CELL - 4;
  return { left: Math.max(56, longest + 10), top: 18 + (upright ? longest : 12) + 6, upright };
}

function fill(v: number, rowTotal: number, diagonal: boolean, signed: boolean, maxAbs: number): string {
  if (signed) {
    const a = maxAbs ? Math.min(1, Math.abs(v) / maxAbs) : 0;
    return v === 0
      ? '#fff'
      : v > 0 === diagonal
        ? `rgba(47,158,68,${0.15 + 0.85 * a})`
        : `rgba(224,49,49,${0.15 + 0.85 * a})`;
  }
  const share = rowTotal ? v / rowTotal : 0;
  if (v === 0) return '#fff';
  return diagonal ? `rgba(47,158,68,${0.12 + 0.88 * share})` : `rgba(224,49,49,${0.15 + 0.85 * share})`;
}

/** A confusion matrix as an SVG heat map (rows = true class, columns = predicted); cells can be clicked. */
export function ConfusionMatrix({
  matrix,
  classes,
  signed = false,
  selected,
  onCell,
  testId = 'confusion-matrix',
  cellPrefix = 'confusion-cell',
  title,
}: Props) {
  const n = matrix.length;
  const names = matrix.map((_, i) => short(classes[i] ?? String(i)));
  const { left: LEFT, top: TOP, upright } = matrixLayout(names);
  const maxAbs = Math.max(0, ...matrix.flat().map(Math.abs));
  const width = LEFT + n * CELL + 4;
  const height = TOP + n * CELL + 4;
  return (
    <figure style={{ margin: 0 }}>
      {title && <figcaption className="app-muted">{title}</figcaption>}
      <svg
        width={width}
        height={height}
        data-testid={testId}
        // With clickable cells the SVG is a group of buttons; a picture (role img) would hide them.
        role={onCell ? 'group' : 'img'}
        aria-label={title ?? 'Confusion matrix: rows true class, columns predicted'}
      >
        <text x={LEFT + (n * CELL) / 2} y={11} textAnchor="middle" fontSize={11} fill="#5c6b7a">
          predicted →
        </text>
        <text x={4} y={TOP - 6} fontSize={11} fill="#5c6b7a">
          true ↓
        </text>
        {matrix.map((row, t) => {
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <g key={t}>
              <text x={LEFT - 6} y={TOP + t * CELL + CELL / 2 + 4} textAnchor="end" fontSize={11} data-testid="confusion-row-label">
                {names[t]}
              </text>
              {row.map((v, p) => {
                const isSel = selected?.[0] === t && selected?.[1] === p;
                const label = `true ${classes[t] ?? t}, predicted ${classes[p] ?? p}: ${v}`;
                const open = onCell && v !== 0 ? () => onCell(t, p) : undefined;
                return (
                  <g
                    key={p}
                    data-testid={`${cellPrefix}-${t}-${p}`}
                    data-value={v}
                    className={open ? 'app-cm-cell' : undefined}
                    style={{ cursor: open ? 'pointer' : 'default' }}
                    onClick={open}
                    // Keyboard users reach the cells with Tab and open one with Enter or Space.
                    {...(open && {
                      role: 'button',
                      tabIndex: 0,
                      'aria-label': `${label}. Show these test samples`,
                      'aria-pressed': isSel,
                      onKeyDown: (e: React.KeyboardEvent) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          open();
                        }
                      },
                    })}
                  >
                    <title>{label}</title>
                    <rect
                      x={LEFT + p * CELL}
                      y={TOP + t * CELL}
                      width={CELL}
                      height={CELL}
                      fill={fill(v, total, t === p, signed, maxAbs)}
                      stroke={isSel ? '#1c7ed6' : '#e9ecef'}
                      strokeWidth={isSel ? 2.5 : 1}
                    />
                    {v !== 0 && (
                      <text
                        x={LEFT + p * CELL + CELL / 2}
                        y={TOP + t * CELL + CELL / 2 + 4}
                        textAnchor="middle"
                        fontSize={10}
                      >
                        {signed && v > 0 ? `+${v}` : v}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          );
        })}
        {matrix.map((_, p) => {
          const x = LEFT + p * CELL + CELL / 2;
          return upright ? (
            <text key={p} x={x + 4} y={TOP - 6} transform={`rotate(-90 ${x + 4} ${TOP - 6})`} fontSize={11} data-testid="confusion-col-label">
              {names[p]}
            </text>
          ) : (
            <text key={p} x={x} y={TOP - 6} textAnchor="middle" fontSize={11} data-testid="confusion-col-label">
              {names[p]}
            </text>
          );
        })}
      </svg>
    </figure>
  );
}
