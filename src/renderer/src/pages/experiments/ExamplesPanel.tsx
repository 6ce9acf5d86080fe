import { useEffect, useState } from 'react';
import type { ConfusionExamples } from '../../../../shared/api/types';
import { api } from '../../api';
import { reportError } from '../../state/errors';
import { pct } from '../../ui/format';
import { ExampleWhy } from './ImageWhy';

interface Props {
  id: string;
  cell: [number, number];
}

/** The test samples of one confusion cell, with their probabilities, most or least confident first. */
export function ExamplesPanel({ id, cell }: Props) {
  const [sort, setSort] = useState<'-confidence' | 'confidence'>('-confidence');
  const [data, setData] = useState<ConfusionExamples | null>(null);
  /** The example whose occlusion map is shown (images only). */
  const [why, setWhy] = useState<{ index: number; image: string } | null>(null);
  useEffect(() => {
    let live = true;
    setData(null);
    setWhy(null);
    api
      .call('experiments.examples', { id, trueClass: cell[0], predictedClass: cell[1], limit: 24, sort })
      .then((d) => live && setData(d))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [id, cell, sort]);
  const name = (c: number) => data?.classes[c] ?? String(c);
  return (
    <section data-testid="examples" aria-live="polite">
      <div className="app-toolbar">
        <strong>
          True {name(cell[0])} → predicted {name(cell[1])}
        </strong>
        {data && (
          <span className="app-muted">
            {data.items.length} of {data.total}
          </span>
        )}
        <span className="app-toolbar-spacer" />
        <select aria-label="Order" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
          <option value="-confidence">Most confident first</option>
          <option value="confidence">Least confident first</option>
        </select>
      </div>
      {!data && <p className="app-muted">Loading examples…</p>}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
        {data?.items.map((e) => {
          const top = e.probabilities
            .map((p, c) => ({ p, c }))
            .sort((a, b) => b.p - a.p)
            .slice(0, 3);
          return (
            <div
              key={e.index}
              style={{
                border: '1px solid #e9ecef',
                borderRadius: 6,
                padding: 6,
                width: data.kind === 'image' ? 92 : 220,
                fontSize: 11,
              }}
            >
              {e.image ? (
                <img
                  data-testid="example-image"
                  src={e.image}
                  alt={`test sample ${e.index}`}
                  width={56}
                  height={56}
                  style={{ imageRendering: 'pixelated', display: 'block', margin: '0 auto' }}
                />
              ) : (
                <table className="app-table-compact" data-testid="example-row" style={{ fontSize: 10 }}>
                  <tbody>
                    <tr>
                      <td>
                        {(e.features ?? [])
                          .slice(0, 8)
                          .map((v) => v.toFixed(2))
                          .join(', ')}
                      </td>
                    </tr>
                  </tbody>
                </table>
              )}
              <div className="app-muted">#{e.index}</div>
              {e.image && (
                <button
                  type="button"
                  className="app-btn"
                  style={{ fontSize: 10, padding: '0 6px', marginTop: 2 }}
                  data-testid="example-why"
                  aria-pressed={why?.index === e.index}
                  title="Cover each square of the image in turn and see where the prediction falls"
                  onClick={() => setWhy(why?.index === e.index ? null : { index: e.index, image: e.image! })}
                >
                  Why?
                </button>
              )}
              {top.map((t) => (
                <div key={t.c}>
                  {name(t.c)}: {pct(t.p, 1)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {why && data && (
        <>
          <strong>
            Where it looks in #{why.index} (predicted {name(cell[1])})
          </strong>
          <ExampleWhy id={id} image={why.image} classes={data.classes} />
        </>
      )}
    </section>
  );
}
