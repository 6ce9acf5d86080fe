import type { ModelGraph } from '../../../shared/graph/types';
import { wouldCreateCycle } from '../../../shared/graph/topology';
import { connect } from '../../../shared/graph/edits';
import { applyPatch } from '../../../shared/graph/history';
import { getLayerSpec } from '../../../shared/layers/catalog';
import { analyzeGraph } from '../../../shared/validate/analyze';

/** Whether a link may be drawn, and in plain words why not. */
export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

const BLOCKING = new Set(['shape', 'too-many-inputs', 'cycle']);

/**
 * Ask the checker whether source → target (input `port`) makes sense: no loop, a free port, and
 * shapes the target accepts. The link is tried on a copy of the graph and analysed, so any layer
 * the catalog gains is checked the same way.
 */
export function checkConnection(graph: ModelGraph, source: string, target: string, port = 0): ConnectionCheck {
  const from = graph.nodes.find((n) => n.id === source);
  const to = graph.nodes.find((n) => n.id === target);
  if (!from || !to) return { ok: false, reason: 'That layer no longer exists.' };
  if (source === target) return { ok: false, reason: 'A layer cannot feed itself.' };
  const spec = getLayerSpec(to.kind);
  if (spec && spec.inputs.max === 0) return { ok: false, reason: `${spec.label} is where data enters: it takes no input.` };
  if (spec && port >= spec.inputs.max)
    return { ok: false, reason: `${spec.label} takes ${spec.inputs.max === 1 ? 'one input' : `${spec.inputs.max} inputs`}.` };
  if (wouldCreateCycle(graph, source, target))
    return { ok: false, reason: `${to.name} already feeds ${from.name}: this link would make a loop.` };
  const doc = { graph, layout: { positions: {} } };
  const after = analyzeGraph(applyPatch(doc, connect(doc, source, target, port)).graph);
  const problem = after.diagnostics.find((d) => d.nodeId === target && BLOCKING.has(d.code));
  if (!problem) return { ok: true };
  return { ok: false, reason: problem.fix ? `${problem.message} ${problem.fix.label} first.` : problem.message };
}

/**
 * Drawing into an input that is already fed replaces the old link. Say so (the status line is a live
 * region, so screen readers hear it too) and how to undo it, instead of swapping it silently.
 */
export function replacementNote(graph: ModelGraph, source: string, target: string, port = 0): string | null {
  const old = graph.edges.find((e) => e.target === target && e.targetPort === port && e.source !== source);
  if (!old) return null;
  const name = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? 'a layer';
  return `Replaced the link ${name(old.source)} → ${name(target)} with ${name(source)} → ${name(target)}. Undo (Ctrl+Z) brings the old link back.`;
}
