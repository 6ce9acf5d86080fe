import { useEffect, useState } from 'react';
import type { PredictForm, PredictResult } from '../../../../shared/api/predict-types';
import { api } from '../../api';
import { errorMessage } from '../../state/errors';
import { gridCells, imageParts, occlude, tableParts, textParts, type Cell, type Occlusion } from './occlusion';

type Input = { row: Record<string, string> } | { text: string } | { image: string };

/** Grid cells per side for the image occlusion map. */
const GRID = 7;

/**
 * The image at the model's size (stretched, transparent pixels on white, as the import reads it) and a
 * way to paint one cell of it over with the image's mean colour, each as a PNG data URL.
 */
async function imageCoverer(dataUrl: string, width: number, height: number) {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.drawImage(img, 0, 0, width, height);
  const pixels = g.getImageData(0, 0, width, height);
  const mean = [0, 1, 2].map((k) => {
    let sum = 0;
    for (let i = k; i < pixels.data.length; i += 4) sum += pixels.data[i]!;
    return Math.round(sum / (width * height));
  });
  return {
    whole: canvas.toDataURL('image/png'),
    cover(cell: Cell) {
      g.putImageData(pixels, 0, 0);
      g.fillStyle = `rgb(${mean.join(',')})`;
      g.fillRect(cell.x, cell.y, cell.w, cell.h);
      return canvas.toDataURL('image/png');
    },
  };
}

/** The image with each grid cell tinted by how much covering it lowers the predicted class. */
function HeatMap({ r, image, cells, size, classes }: { r: Occlusion; image: string; cells: Cell[]; size: { width: number; height: number }; classes: string[] }) {
  const biggest = Math.max(1e-9, ...r.effects.map((e) => e.delta));
  return (
    <div data-testid="why-heatmap">
      <small className="app-muted">Where it looks: each square covered in turn; the redder, the more P({classes[r.classIndex]}) falls without it.</small>
      <div className="app-why-heat">
        <img src={image} alt="The image with its occlusion map" />
        {r.effects.map((e) => {
          const c = cells[Number(e.name)]!;
          return (
            <span
              key={e.name}
              data-testid="why-cell"
              data-delta={e.delta}
              title={`${(e.delta * 100).toFixed(1)} points`}
              style={{
                left: `${(c.x / size.width) * 100}%`,
                top: `${(c.y / size.height) * 100}%`,
                width: `${(c.w / size.width) * 100}%`,
                height: `${(c.h / size.height) * 100}%`,
                background: `rgba(220, 40, 40, ${(Math.max(0, e.delta / biggest) * 0.65).toFixed(2)})`,
              }}
            />
          );
        })}
      </div>
    </div>
  );
}

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
        const size = form.image ?? { width: 28, height: 28 };
        const covered = await imageCoverer(input.image, size.width, size.height);
        const cells = gridCells(size.width, size.height, GRID);
        setR(await occlude(covered.whole, await imageParts(cells, covered.cover), (image) => probabilities({ image })));
        setMap({ image: covered.whole, cells });
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
