import type { GraphLayout, ModelGraph } from '../../../shared/graph/types';

/** Props contract between the app shell and the editor (placeholder until the editor lands). */
export interface GraphEditorProps {
  graph: ModelGraph;
  layout: GraphLayout;
  onChange(graph: ModelGraph, layout: GraphLayout): void;
}

export function GraphEditor({ graph }: GraphEditorProps) {
  return <pre data-testid="graph-placeholder">{graph.nodes.map((n) => n.name).join(' → ')}</pre>;
}
