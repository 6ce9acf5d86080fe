import type { GraphTemplate } from '../../../../shared/api/types';

const W = 120;
const H = 72;
const BOX = { w: 22, h: 7 };

/**
 * A small picture of a template's graph, drawn from its own layers and layout (one box per layer, one line
 * per edge), so the cards in the picker show the model's shape and not only its name.
 */
export function GraphThumbnail({ template }: { template: GraphTemplate }) {
  const { nodes, edges } = template.graph;
  const at = template.layout.positions;
  const pts = nodes.map((n) => at[n.id] ?? { x: 0, y: 0 });
  if (pts.length === 0) return null;
  const minX = Math.min(...pts.map((p) => p.x));
  const maxX = Math.max(...pts.map((p) => p.x));
  const minY = Math.min(...pts.map((p) => p.y));
  const maxY = Math.max(...pts.map((p) => p.y));
  // One scale for both axes keeps the graph's proportions; a single column of layers stays centred.
  const scale = Math.min((W - BOX.w - 4) / (maxX - minX || 1), (H - BOX.h - 4) / (maxY - minY || 1), 1);
  const offX = (W - (maxX - minX) * scale) / 2;
  const offY = (H - (maxY - minY) * scale) / 2;
  const centre = new Map(
    nodes.map((n, i) => [n.id, { x: offX + (pts[i].x - minX) * scale, y: offY + (pts[i].y - minY) * scale }]),
  );
  return (
    <svg
      className="app-template-pic"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${nodes.length} layers`}
      data-testid="template-picture"
      data-layers={nodes.length}
    >
      {edges.map((e) => {
        const a = centre.get(e.source);
        const b = centre.get(e.target);
        return a && b ? (
          <line key={e.id} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#98a2b3" strokeWidth={1} />
        ) : null;
      })}
      {nodes.map((n) => {
        const c = centre.get(n.id)!;
        return (
          <rect
            key={n.id}
            x={c.x - BOX.w / 2}
            y={c.y - BOX.h / 2}
            width={BOX.w}
            height={BOX.h}
            rx={2}
            fill="#e7f0ff"
            stroke="#2f6fde"
            strokeWidth={1}
          >
            <title>{n.name}</title>
          </rect>
        );
      })}
    </svg>
  );
}
