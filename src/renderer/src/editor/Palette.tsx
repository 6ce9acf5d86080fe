import { memo, useMemo, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { Search } from 'lucide-react';
import { LAYER_SPECS } from '../../../shared/layers/catalog';
import { CATEGORIES } from '../../../shared/layers/types';

/** The drag-and-drop payload type: the layer kind. */
export const PALETTE_MIME = 'application/x-layerlab-kind';

/** Moves focus to the first layer of the graph (or the empty canvas) of this editor. */
function focusGraph(e: ReactMouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  const root = e.currentTarget.closest('.ed-root');
  const target = root?.querySelector<HTMLElement>('.react-flow__node') ?? root?.querySelector<HTMLElement>('[data-testid="canvas"]');
  target?.focus();
}

/** Layer palette, grouped by catalog category. Drag onto the canvas, or click to add below the selection. */
export const Palette = memo(function Palette({ onAdd }: { onAdd(kind: string): void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hit = LAYER_SPECS.filter((s) => !q || `${s.label} ${s.kind} ${s.category} ${s.help}`.toLowerCase().includes(q));
    const order = [...CATEGORIES, ...new Set(hit.map((s) => s.category).filter((c) => !CATEGORIES.includes(c)))];
    return order.map((c) => ({ category: c, specs: hit.filter((s) => s.category === c) })).filter((g) => g.specs.length);
  }, [query]);

  return (
    <aside className="ed-palette" aria-label="Layers">
      {/* Keyboard users would otherwise Tab through every layer button before reaching the graph. */}
      <a href="#" className="ed-skip" data-testid="skip-palette" onClick={focusGraph}>
        Skip the layer list, go to the graph
      </a>
      <label className="ed-search">
        <Search size={14} aria-hidden />
        <input
          data-testid="palette-search"
          aria-label="Search layers"
          placeholder="Search layers"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
        />
      </label>
      <p className="ed-hint">Drag onto the canvas, or click to add below the selected layer.</p>
      <div className="ed-palette-list">
        {groups.map((g) => (
          <section key={g.category}>
            <h4>{g.category}</h4>
            {g.specs.map((s) => (
              <button
                key={s.kind}
                type="button"
                className={`ed-palette-item ed-cat-${s.category.toLowerCase()}`}
                data-testid={`palette-item-${s.kind}`}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, s.kind);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => onAdd(s.kind)}
                title={s.help}
              >
                {s.label}
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="ed-hint">No layer matches “{query}”.</p>}
      </div>
    </aside>
  );
});
