import type { LayerNode, ModelGraph, Shape } from '../graph/types';
import { incomingEdges } from '../graph/topology';
import { getLayerSpec } from '../layers/catalog';
import type { CompiledLayer, LayerSpec, Params } from '../layers/types';
import { analyzeGraph } from '../validate/analyze';

/** One layer of an export, in dependency order, with the variable names of its inputs. */
export interface PlanStep {
  node: LayerNode;
  spec: LayerSpec;
  params: Params;
  compiled: CompiledLayer;
  shape: Shape;
  /** Variable name holding this layer's output. */
  variable: string;
  /** Variable names of its inputs, by port. */
  inputs: string[];
}

/** Python keywords plus names the generated code itself uses. */
const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield keras ops tf model inputs outputs layers ' +
    'const let var function new this typeof void delete switch case default export super extends null undefined'
  ).split(' '),
);

/** A valid, unique identifier for each node (Python and JavaScript alike), derived from its name. */
export function variableNames(nodes: LayerNode[]): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const n of nodes) {
    let base = n.name.replace(/[^A-Za-z0-9_]/g, '_') || 'layer';
    if (/^[0-9]/.test(base)) base = `l_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    out.set(n.id, name);
  }
  return out;
}

/** The export plan of a graph; throws with the checker's first error when the graph is not valid. */
export function exportPlan(graph: ModelGraph): PlanStep[] {
  const analysis = analyzeGraph(graph);
  const error = analysis.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new Error(`The graph cannot be exported yet: ${error.message}`);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const names = variableNames(graph.nodes);
  const incoming = incomingEdges(graph);
  return analysis.order.map((id) => {
    const node = byId.get(id)!;
    const spec = getLayerSpec(node.kind)!;
    const edges = incoming.get(id) ?? [];
    const params = analysis.params[id];
    return {
      node,
      spec,
      params,
      compiled: spec.compile(
        params,
        edges.map((e) => analysis.shapes[e.source]),
      ),
      shape: analysis.shapes[id],
      variable: names.get(id)!,
      inputs: edges.map((e) => names.get(e.source)!),
    };
  });
}

/** camelCase → snake_case (kernelSize → kernel_size). */
export const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
