import { z } from 'zod';
import { graphLayoutSchema, modelGraphSchema } from '../api/schemas';
import { getLayerSpec } from '../layers/catalog';
import type { GraphLayout, ModelGraph } from './types';

/** The `format` tag every graph file carries. */
export const GRAPH_FILE_FORMAT = 'layerlab-graph';
/** The graph-file version this build writes; older versions are migrated on read, newer refused. */
export const GRAPH_FILE_VERSION = 1;

/** A graph file as written: the model graph, its editor layout and an optional display name. */
export const graphFileSchema = z.object({
  format: z.literal(GRAPH_FILE_FORMAT),
  version: z.literal(GRAPH_FILE_VERSION),
  name: z.string().max(200).optional(),
  graph: modelGraphSchema,
  layout: graphLayoutSchema,
});
/** A parsed, current-version graph file. */
export type GraphFile = z.infer<typeof graphFileSchema>;

/** Result of reading a graph file: the file plus what was repaired, or why it was refused. */
export type ParseGraphFileResult =
  { ok: true; file: GraphFile; repairs: string[] } | { ok: false; message: string };

/** Canonical file text for a graph and its layout (pretty JSON, stable key order). */
export function serializeGraphFile(graph: ModelGraph, layout: GraphLayout, name?: string): string {
  const file: GraphFile = {
    format: GRAPH_FILE_FORMAT,
    version: GRAPH_FILE_VERSION,
    ...(name ? { name } : {}),
    graph,
    layout,
  };
  return JSON.stringify(file, null, 2) + '\n';
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Migrations: MIGRATIONS[v] turns a version-v file into a version-(v+1) file. */
const MIGRATIONS: Record<number, (raw: Raw, repairs: string[]) => Raw> = {
  // Version 0 was the bare graph, {nodes, edges}, with no envelope and no layout.
  0: (raw, repairs) => {
    repairs.push('Upgraded an old-style file (version 0: graph only, no layout).');
    return {
      format: GRAPH_FILE_FORMAT,
      version: 1,
      graph: { nodes: raw.nodes, edges: raw.edges },
      layout: { positions: {} },
    };
  },
};

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(detail)?.[1] ?? String(text.length);
    return {
      ok: false,
      message: `This file is not valid JSON: the text breaks at position ${at} (${detail}).`,
    };
  }
}

/** Bring any known version up to the current one, or say why not. */
function migrate(value: unknown, repairs: string[]): Raw | string {
  if (!isObject(value)) return 'This is not a LayerLab graph file: it holds no graph.';
  let raw = value;
  if (raw.format === undefined && Array.isArray(raw.nodes) && Array.isArray(raw.edges))
    raw = { ...raw, version: 0 };
  else if (raw.format !== GRAPH_FILE_FORMAT)
    return 'This is not a LayerLab graph file (its "format" is not "layerlab-graph").';
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    return 'This graph file has no valid version number.';
  if (version > GRAPH_FILE_VERSION)
    return `This graph file was saved by a newer LayerLab (file version ${version}; this one reads up to ${GRAPH_FILE_VERSION}). Update LayerLab to open it.`;
  for (let v = version; v < GRAPH_FILE_VERSION; v++) raw = MIGRATIONS[v](raw, repairs);
  if (raw.layout === undefined) {
    repairs.push('The file had no layout; layers were placed automatically.');
    raw = { ...raw, layout: { positions: {} } };
  }
  return raw;
}

/** First schema problem in plain words, with where it is. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'the file';
  return `This graph file is damaged at ${where}: ${issue.message}.`;
}

/** A fresh id based on `id` that is not in `taken` (and is then taken). */
function freshId(id: string, taken: Set<string>): string {
  let i = 2;
  while (taken.has(`${id}_${i}`)) i++;
  taken.add(`${id}_${i}`);
  return `${id}_${i}`;
}

/**
 * Read a graph file: migrate older versions, repair harmless damage (each repair listed in plain
 * words), refuse what cannot be trusted (bad JSON, unknown layer kinds, newer versions).
 */
export function parseGraphFile(text: string): ParseGraphFileResult {
  const json = parseJson(text);
  if (!json.ok) return json;
  const repairs: string[] = [];
  const migrated = migrate(json.value, repairs);
  if (typeof migrated === 'string') return { ok: false, message: migrated };
  const parsed = graphFileSchema.safeParse(migrated);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const { graph, layout } = parsed.data;

  for (const node of graph.nodes) {
    const spec = getLayerSpec(node.kind);
    if (!spec)
      return { ok: false, message: `Unknown layer kind "${node.kind}" in node "${node.id}" (${node.name}).` };
    for (const key of Object.keys(node.params))
      if (!(key in spec.params)) {
        delete node.params[key];
        repairs.push(`Dropped the unknown setting "${key}" of layer "${node.name}".`);
      }
  }
  renameDuplicates(graph.nodes, 'layer', repairs);
  renameDuplicates(graph.edges, 'connection', repairs);

  const ids = new Set(graph.nodes.map((n) => n.id));
  graph.edges = graph.edges.filter((e) => {
    const missing = [e.source, e.target].find((id) => !ids.has(id));
    if (missing)
      repairs.push(
        `Dropped the connection ${e.id} from "${e.source}" to "${e.target}": layer "${missing}" does not exist.`,
      );
    return !missing;
  });
  fillPositions(graph, layout, repairs);
  return { ok: true, file: parsed.data, repairs };
}

function renameDuplicates(items: { id: string }[], what: string, repairs: string[]): void {
  const taken = new Set(items.map((x) => x.id));
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) {
      const old = item.id;
      item.id = freshId(old, taken);
      repairs.push(`Two ${what}s had the id "${old}"; the second is now "${item.id}".`);
    }
    seen.add(item.id);
  }
}

function fillPositions(graph: ModelGraph, layout: GraphLayout, repairs: string[]): void {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const stale = Object.keys(layout.positions).filter((id) => !ids.has(id));
  for (const id of stale) delete layout.positions[id];
  if (stale.length)
    repairs.push(`Dropped the positions of ${stale.length} layer(s) that are not in the graph.`);
  const missing = graph.nodes.filter((n) => !layout.positions[n.id]);
  if (!missing.length) return;
  const ys = Object.values(layout.positions).map((p) => p.y);
  let y = ys.length ? Math.max(...ys) + 110 : 0;
  for (const n of missing) layout.positions[n.id] = { x: 0, y: (y += 110) - 110 };
  repairs.push(
    `Placed ${missing.length} layer(s) that had no position: ${missing.map((n) => n.name).join(', ')}.`,
  );
}
