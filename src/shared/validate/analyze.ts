import type { ModelGraph, Shape } from '../graph/types';
import { incomingEdges, topologicalOrder } from '../graph/topology';
import { getLayerSpec } from '../layers/catalog';
import { checkParam, resolveParams } from '../layers/params';
import type { FixSuggestion, Params } from '../layers/types';

/** One problem found in the graph, attached to a node or an edge, in plain words. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code:
    | 'cycle'
    | 'unknown-layer'
    | 'missing-input'
    | 'too-many-inputs'
    | 'shape'
    | 'bad-param'
    | 'no-input-layer'
    | 'no-output-layer'
    | 'multiple-outputs'
    | 'unused'
    | 'duplicate-name';
  message: string;
  nodeId?: string;
  edgeId?: string;
  fix?: FixSuggestion;
}

/** Everything the editor and compiler need to know about a graph after an edit. */
export interface GraphAnalysis {
  /** Output shape per node id (absent where it could not be inferred). */
  shapes: Record<string, Shape>;
  /** Trainable params per node id. */
  paramCounts: Record<string, number>;
  /** Forward multiply-accumulates per sample per node. */
  macs: Record<string, number>;
  diagnostics: Diagnostic[];
  /** Node ids in dependency order (acyclic part only). */
  order: string[];
  /** Resolved params (defaults filled) per node id. */
  params: Record<string, Params>;
  totalParams: number;
  totalMacs: number;
  valid: boolean;
}

/** Infer shapes, count params and collect diagnostics. Pure and O(nodes + edges). */
export function analyzeGraph(graph: ModelGraph): GraphAnalysis {
  const diagnostics: Diagnostic[] = [];
  const shapes: Record<string, Shape> = {};
  const paramCounts: Record<string, number> = {};
  const macs: Record<string, number> = {};
  const params: Record<string, Params> = {};
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(graph);
  const { order, cyclic } = topologicalOrder(graph);
  for (const id of cyclic)
    diagnostics.push({
      severity: 'error',
      code: 'cycle',
      nodeId: id,
      message: 'This layer is part of a loop: data must flow one way, from the input to the output.',
    });

  const names = new Map<string, string>();
  for (const node of graph.nodes) {
    const prev = names.get(node.name);
    if (prev !== undefined)
      diagnostics.push({
        severity: 'error',
        code: 'duplicate-name',
        nodeId: node.id,
        message: `Another layer is already named "${node.name}".`,
      });
    else names.set(node.name, node.id);
  }

  for (const id of order) {
    const node = nodes.get(id)!;
    const spec = getLayerSpec(node.kind);
    if (!spec) {
      diagnostics.push({
        severity: 'error',
        code: 'unknown-layer',
        nodeId: id,
        message: `Unknown layer type "${node.kind}".`,
      });
      continue;
    }
    const p = resolveParams(spec.params, node.params);
    params[id] = p;
    let paramProblem = false;
    for (const [key, ps] of Object.entries(spec.params)) {
      const problem = checkParam(ps, p[key]);
      if (problem) {
        paramProblem = true;
        diagnostics.push({ severity: 'error', code: 'bad-param', nodeId: id, message: problem });
      }
    }
    const edges = incoming.get(id) ?? [];
    if (edges.length < spec.inputs.min) {
      diagnostics.push({
        severity: 'error',
        code: 'missing-input',
        nodeId: id,
        message:
          spec.inputs.min === 1
            ? `${spec.label} has nothing connected to its input.`
            : `${spec.label} needs at least ${spec.inputs.min} inputs; ${edges.length} connected.`,
      });
      continue;
    }
    if (edges.length > spec.inputs.max) {
      diagnostics.push({
        severity: 'error',
        code: 'too-many-inputs',
        nodeId: id,
        message:
          spec.inputs.max === 0
            ? `${spec.label} is where data enters; it cannot take an input.`
            : `${spec.label} takes ${spec.inputs.max === 1 ? 'one input' : `at most ${spec.inputs.max} inputs`}; ${edges.length} are connected.`,
      });
      continue;
    }
    const inShapes = edges.map((e) => shapes[e.source]);
    if (inShapes.some((s) => s === undefined) || paramProblem) continue; // upstream problem already reported
    const result = spec.inferShape(inShapes, p);
    if (!result.ok) {
      diagnostics.push({
        severity: 'error',
        code: 'shape',
        nodeId: id,
        // A merge's fix names the input port it repairs; point the diagnostic at that edge.
        edgeId:
          edges.length === 1
            ? edges[0].id
            : result.fix?.kind === 'insertBefore'
              ? edges[result.fix.port ?? 0]?.id
              : undefined,
        message: result.message,
        fix: result.fix,
      });
      continue;
    }
    shapes[id] = result.shape;
    paramCounts[id] = spec.paramCount(inShapes, p, result.shape);
    macs[id] = spec.macs?.(inShapes, p, result.shape) ?? 0;
  }

  const inputs = graph.nodes.filter((n) => getLayerSpec(n.kind)?.inputs.max === 0);
  const outputs = graph.nodes.filter((n) => n.kind === 'Output');
  // An empty canvas is one problem, not zero: every view (header, Problems panel, status line) reads
  // this list, so they all say the same thing about it.
  if (graph.nodes.length === 0)
    diagnostics.push({
      severity: 'error',
      code: 'no-input-layer',
      message: 'The model is empty: drag an input layer and an Output layer from the palette onto the canvas.',
    });
  if (graph.nodes.length > 0 && inputs.length === 0)
    diagnostics.push({
      severity: 'error',
      code: 'no-input-layer',
      message: 'Add an input layer: it tells the model what data it receives.',
    });
  if (graph.nodes.length > 0 && outputs.length === 0)
    diagnostics.push({
      severity: 'error',
      code: 'no-output-layer',
      message: 'Add an Output layer: it turns features into class probabilities.',
    });
  if (outputs.length > 1)
    for (const o of outputs.slice(1))
      diagnostics.push({
        severity: 'error',
        code: 'multiple-outputs',
        nodeId: o.id,
        message: 'A classifier has one Output layer; remove the extra one.',
      });

  const hasOutgoing = new Set(graph.edges.map((e) => e.source));
  for (const n of graph.nodes)
    if (n.kind !== 'Output' && !hasOutgoing.has(n.id) && graph.nodes.length > 1)
      diagnostics.push({
        severity: 'warning',
        code: 'unused',
        nodeId: n.id,
        message: `${n.name} leads nowhere: its output is not used.`,
      });

  const totalParams = Object.values(paramCounts).reduce((a, b) => a + b, 0);
  const totalMacs = Object.values(macs).reduce((a, b) => a + b, 0);
  return {
    shapes,
    paramCounts,
    macs,
    diagnostics,
    order,
    params,
    totalParams,
    totalMacs,
    valid: graph.nodes.length > 0 && !diagnostics.some((d) => d.severity === 'error'),
  };
}
