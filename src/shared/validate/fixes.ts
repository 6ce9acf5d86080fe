import type { GraphLayout, ModelGraph } from '../graph/types';
import { applyPatch, type GraphDoc, type Patch } from '../graph/history';
import { insertBefore, setParam } from '../graph/edits';
import { getLayerSpec } from '../layers/catalog';
import type { Params } from '../layers/types';
import { sizeOf } from '../layers/shape-utils';
import { analyzeGraph, type Diagnostic } from './analyze';

/** Shapes with `n` values a Reshape could produce, most image-like first (784 → 28×28×1). */
export function reshapeCandidates(n: number): number[][] {
  const out: number[][] = [];
  const s = Math.round(Math.sqrt(n));
  if (s * s === n) out.push([s, s, 1]);
  const s3 = Math.round(Math.sqrt(n / 3));
  if (n % 3 === 0 && s3 * s3 * 3 === n) out.push([s3, s3, 3]);
  let h = Math.floor(Math.sqrt(n));
  while (h > 1 && n % h !== 0) h--;
  if (h > 1) out.push([h, n / h, 1]);
  out.push([n, 1], [n, 1, 1], [n]);
  return out;
}

/** The edge a node-level insert fix applies to: the diagnostic's edge, or the node's only input. */
function edgeFor(graph: ModelGraph, d: Diagnostic): string | undefined {
  if (d.edgeId) return d.edgeId;
  const incoming = graph.edges.filter((e) => e.target === d.nodeId);
  return incoming.length === 1 ? incoming[0].id : undefined;
}

/** Does the node still carry an error after the patch? */
function stillBroken(doc: GraphDoc, p: Patch, nodeId: string | undefined): boolean {
  const after = analyzeGraph(applyPatch(doc, p).graph);
  return after.diagnostics.some((x) => x.severity === 'error' && x.nodeId !== undefined && (x.nodeId === nodeId || p.ops.some((o) => o.op === 'addNode' && o.node.id === x.nodeId)));
}

/**
 * Param sets to try for the inserted layer: the catalog's own suggestion, else for every list-valued
 * param (a Reshape target) the shapes that keep the element count of the edge.
 */
function paramCandidates(doc: GraphDoc, kind: string, sourceId: string, given?: Params): Params[] {
  if (given) return [given];
  const spec = getLayerSpec(kind);
  const listKey = spec && Object.entries(spec.params).find(([, ps]) => ps.type === 'ints')?.[0];
  const shape = analyzeGraph(doc.graph).shapes[sourceId];
  if (!spec || !listKey || !shape) return [{}];
  const ps = spec.params[listKey];
  const fits = (c: number[]) =>
    ps.type !== 'ints' || ((ps.minLength ?? 0) <= c.length && c.length <= (ps.maxLength ?? Infinity));
  return reshapeCandidates(sizeOf(shape)).filter(fits).map((c) => ({ [listKey]: c }));
}

/** The patch that applies a diagnostic's one-click fix, or null when it has none that applies here. */
export function fixPatch(doc: GraphDoc, d: Diagnostic): Patch | null {
  const fix = d.fix;
  if (!fix || !d.nodeId) return null;
  if (fix.kind === 'setParam') return setParam(doc, d.nodeId, fix.param, fix.value);
  const edgeId = edgeFor(doc.graph, d);
  const edge = doc.graph.edges.find((e) => e.id === edgeId);
  if (!edge) return null;
  const patches = paramCandidates(doc, fix.layerKind, edge.source, fix.params).map((params) =>
    insertBefore(doc, edge.id, fix.layerKind, params),
  );
  return patches.find((p) => !stillBroken(doc, p, d.nodeId)) ?? patches[0] ?? null;
}

/** Apply a diagnostic's one-click fix (unchanged graph and layout when there is none). */
export function applyFix(graph: ModelGraph, layout: GraphLayout, d: Diagnostic): { graph: ModelGraph; layout: GraphLayout } {
  const doc = { graph, layout };
  const p = fixPatch(doc, d);
  return p ? applyPatch(doc, p) : doc;
}
