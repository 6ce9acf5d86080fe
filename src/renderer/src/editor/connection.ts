import type { ModelGraph } from '../../../shared/graph/types';
import { wouldCreateCycle } from '../../../shared/graph/topology';
import { addedNodeIds, connect } from '../../../shared/graph/edits';
import { applyPatch, concatPatches, type GraphDoc, type Patch } from '../../../shared/graph/history';
import { getLayerSpec } from '../../../shared/layers/catalog';
import type { FixSuggestion } from '../../../shared/layers/types';
import { analyzeGraph, type Diagnostic } from '../../../shared/validate/analyze';
import { fixPatch } from '../../../shared/validate/fixes';

/**
 * Whether a link may be drawn, and in plain words why not. `fix` names the repair that makes the
 * refused link work (see connectWithFix), when the checker has one that does.
 */
export type ConnectionCheck = { ok: true } | { ok: false; reason: string; fix?: string };

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
  const problem = blockingProblem(applyPatch(doc, connect(doc, source, target, port)), target);
  if (!problem) return { ok: true };
  const fix = connectWithFix(doc, source, target, port);
  return fix ? { ok: false, reason: problem.message, fix: fix.label } : { ok: false, reason: problem.message };
}

/** The error on `target` that makes a link into it unacceptable, if any. */
function blockingProblem(doc: GraphDoc, target: string): Diagnostic | undefined {
  return analyzeGraph(doc.graph).diagnostics.find((d) => d.nodeId === target && BLOCKING.has(d.code));
}

/** The words on the button that draws a refused link with its repair. */
export function fixLabel(fix: FixSuggestion): string {
  if (fix.kind === 'setParam') return `Connect them and ${fix.label.charAt(0).toLowerCase()}${fix.label.slice(1)}`;
  const spec = getLayerSpec(fix.layerKind);
  // A plain insert (Flatten) reads best as a sentence; a sized one (Reshape to 28×28×1, a Dense with
  // 64 outputs on input 2) keeps the catalog's words, which say what it will be.
  if (!fix.params && fix.port === undefined) return `Insert a ${spec?.label ?? fix.layerKind} layer between them`;
  return /^insert/i.test(fix.label) ? `${fix.label} between them` : fix.label;
}

/**
 * A link the checker refuses, drawn together with the checker's repair (a Flatten in between, "same"
 * padding...) as one patch, so one Undo takes both back. Null when the link is refused for a reason
 * no repair addresses (a loop, a full input, an input layer) or when the repair would not make the
 * target and the inserted layer free of shape errors.
 */
export function connectWithFix(doc: GraphDoc, source: string, target: string, port = 0): { label: string; patch: Patch } | null {
  if (source === target || wouldCreateCycle(doc.graph, source, target)) return null;
  const spec = getLayerSpec(doc.graph.nodes.find((n) => n.id === target)?.kind ?? '');
  if (!spec || port >= spec.inputs.max) return null;
  const linked = connect(doc, source, target, port);
  const after = applyPatch(doc, linked);
  const problem = blockingProblem(after, target);
  if (!problem?.fix) return null;
  const repair = fixPatch(after, problem);
  if (!repair?.ops.length) return null;
  const added = addedNodeIds(repair);
  const fixed = analyzeGraph(applyPatch(after, repair).graph);
  if (fixed.diagnostics.some((d) => d.severity === 'error' && (d.nodeId === target || added.includes(d.nodeId ?? '')) && BLOCKING.has(d.code)))
    return null;
  return { label: fixLabel(problem.fix), patch: concatPatches(linked, repair) };
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
