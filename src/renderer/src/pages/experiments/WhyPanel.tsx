import { useEffect, useState } from 'react';
import type { PredictForm, PredictResult } from '../../../../shared/api/predict-types';
import { api } from '../../api';
import { errorMessage } from '../../state/errors';
import { explainImage, HeatMap } from './ImageWhy';
import { occlude, tableParts, textParts, type Cell, type Occlusion } from './occlusion';

type Input = { row: Record<string, string> } | { text: string } | { image: string };

/** Bars either side of zero: how much each column moves the predicted class's probability. */
function EffectBars({ r, classes }: { r: Occlusion; classes: string[] }) {
  const biggest = Math.max(1e-9, ...r.effects.map((e) => Math.abs(e.delta)));
  const order = [...r.effects].sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  return (
    <div className="app-prob-bars" data-testid="why-effects">
      <small className="app-muted">
        How each field moves P({classes[r.classIndex]}) = {(r.base * 100).toFixed(1)} %, against that field at its training value
        (what an empty cell is read as):
      </small>
      {order.map((e) => (
        <div key={e.name} className="app-why-row" data-testid="why-effect" data-name={e.name} data-delta={e.delta}>
          <span className="app-prob-label">{e.name}</span>
          <span className="app-why-track">
            <span
              className={e.delta >= 0 ? 'app-why-for' : 'app-why-against'}
              style={{ width: `${((Math.abs(e.delta) / biggest) * 50).toFixed(1)}%`, [e.delta >= 0 ? 'left' : 'right']: '50%' }}
            />
          </span>
          <span className="app-num">
            {e.delta >= 0 ? '+' : '−'}
            {(Math.abs(e.delta) * 100).toFixed(1)}
          </span>
        </div>
      ))}
    </div>
  );
}

/** The typed text with each word shaded by how much it moves the predicted class (blue for, red against). */
function TokenShades({ r, classes }: { r: Occlusion; classes: string[] }) {
  const biggest = Math.max(1e-9, ...r.effects.map((e) => Math.abs(e.delta)));
  return (
    <div data-testid="why-tokens">
      <small className="app-muted">Each word shaded by how much leaving it out lowers (blue) or raises (red) P({classes[r.classIndex]}):</small>
      <p className="app-why-text">
        {r.effects.map((e, i) => {
          const a = Math.abs(e.delta) / biggest;
          const bg = e.delta >= 0 ? `rgba(34, 100, 220, ${(a * 0.6).toFixed(2)})` : `rgba(220, 50, 50, ${(a * 0.6).toFixed(2)})`;
          return (
            <span key={i} data-testid="why-token" data-delta={e.delta} title={`${e.delta >= 0 ? '+' : '−'}${(Math.abs(e.delta) * 100).toFixed(1)} points`} style={{ background: bg }}>
              {e.name}{' '}
            </span>
          );
        })}
      </p>
    </div>
  );
}

/**
 * "Why?" under Try it: asks the model again once per column, word or image square (occlusion), so it
 * runs on request rather than on every key press. Cleared whenever the input changes.
 */
export function WhyPanel({ id, form, input, result }: { id: string; form: PredictForm; input: Input | null; result: PredictResult | null }) {
  const [r, setR] = useState<Occlusion | null>(null);
  const [map, setMap] = useState<{ image: string; cells: Cell[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setR(null);
    setError(null);
  }, [input]);
  if (!input || !result) return null;

  const explain = async () => {
    setBusy(true);
    setError(null);
    try {
      const probabilities = async (i: Input) => (await api.call('experiments.predict', { id, ...i })).probabilities;
      if ('image' in input) {
        const m = await explainImage(id, input.image, form.image ?? { width: 28, height: 28 });
        setR(m.r);
        setMap({ image: m.image, cells: m.cells });
      } else if ('text' in input) setR(await occlude(input.text, textParts(input.text), (text) => probabilities({ text })));
      else {
        const fillable = form.columns.filter((c) => c.whenEmpty).map((c) => c.name);
        setR(await occlude(input.row, tableParts(input.row, fillable), (row) => probabilities({ row })));
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="app-why" data-testid="why-panel">
      <button type="button" className="app-btn" data-testid="why-run" disabled={busy} onClick={() => void explain()}>
        {busy ? 'Asking the model…' : 'Why?'}
      </button>
      {error && <div className="app-error-text">{error}</div>}
      {r &&
        ('image' in input ? (
          map && <HeatMap r={r} image={map.image} cells={map.cells} size={form.image ?? { width: 28, height: 28 }} classes={result.classes} />
        ) : 'text' in input ? (
          <TokenShades r={r} classes={result.classes} />
        ) : (
          <EffectBars r={r} classes={result.classes} />
        ))}
    </div>
  );
}
