import type { ClassBalance as Balance } from '../../../../shared/api/types';

const SPLIT_COLOURS = { train: '#4c78a8', val: '#f58518', test: '#54a24b' } as const;
const SPLIT_NAMES = { train: 'train', val: 'validation', test: 'test' } as const;

/** Horizontal stacked bars: samples per class, split into train / validation / test. */
export function ClassBalance({ balance }: { balance: Balance[] }) {
  const max = Math.max(1, ...balance.map((b) => b.train + b.val + b.test));
  const shown = balance.slice(0, 50);
  const row = 18;
  const labelW = 120;
  const width = 460;
  return (
    <figure className="ds-balance" data-testid="class-balance">
      <figcaption>
        Class balance{' '}
        {Object.entries(SPLIT_COLOURS).map(([s, c]) => (
          <span key={s} className="ds-legend">
            <i style={{ background: c }} /> {SPLIT_NAMES[s as keyof typeof SPLIT_NAMES]}
          </span>
        ))}
      </figcaption>
      <svg width={width} height={shown.length * row + 4} role="img" aria-label="Samples per class">
        {shown.map((b, i) => {
          let x = labelW;
          const total = b.train + b.val + b.test;
          return (
            <g key={b.className} transform={`translate(0 ${i * row})`} data-class={b.className} data-total={total}>
              <title>{`${b.className}: ${b.train} train, ${b.val} validation, ${b.test} test`}</title>
              <text x={labelW - 6} y={13} textAnchor="end" fontSize={11}>
                {b.className.length > 18 ? `${b.className.slice(0, 17)}…` : b.className}
              </text>
              {(['train', 'val', 'test'] as const).map((s) => {
                const w = (b[s] / max) * (width - labelW - 60);
                const rect = <rect key={s} x={x} y={3} width={w} height={row - 6} fill={SPLIT_COLOURS[s]} />;
                x += w;
                return rect;
              })}
              <text x={x + 4} y={13} fontSize={11} className="app-muted">
                {total.toLocaleString()}
              </text>
            </g>
          );
        })}
      </svg>
      {balance.length > shown.length && <small className="app-muted">First {shown.length} of {balance.length} classes.</small>}
    </figure>
  );
}
