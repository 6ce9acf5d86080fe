/** The model graph: layers and the edges between them. Pure data; layout lives apart (GraphLayout). */

/** A tensor shape without the batch dimension; `null` marks a dimension unknown until data arrives. */
export type Shape = (number | null)[];

/** One layer instance on the canvas. `kind` keys into the layer catalog; params follow its schema. */
export interface LayerNode {
  id: string;
  kind: string;
  /** Human name shown on the node and used as the tfjs/Keras layer name (unique within a graph). */
  name: string;
  params: Record<string, ParamValue>;
}

/** A parameter value as stored in graph JSON. */
export type ParamValue = number | string | boolean | number[] | null;

/** A directed edge: the output of `source` feeds input port `targetPort` (0-based) of `target`. */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  targetPort: number;
}

/** The serialisable graph. `version` is the graph-file schema version. */
export interface ModelGraph {
  nodes: LayerNode[];
  edges: GraphEdge[];
}

/** Editor-only layout: node positions in canvas units. Training and export never read it. */
export interface GraphLayout {
  positions: Record<string, { x: number; y: number }>;
}
