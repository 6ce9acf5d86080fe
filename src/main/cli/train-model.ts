import type { ApiClient } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import type { Hyperparams } from '../../shared/api/schemas';
import type { DatasetSummary } from '../../shared/api/types';
import { parseGraphFile } from '../../shared/graph/file';
import type { GraphLayout, ModelGraph } from '../../shared/graph/types';
import { TEMPLATES } from '../../shared/templates';
import { recommendModel } from '../../shared/templates/recommended';
import { adaptGraph } from '../../shared/validate/dataset-fit';
import { readUserText } from '../fs/user-files';
import { checkGraphTakesDataset, resolveDataset, templatesFor } from './resolve';

/** Larger than any real graph file (the editor refuses the same). */
const MAX_GRAPH_FILE_BYTES = 20 * 1024 * 1024;

export interface ModelChoice {
  template?: string;
  /** A saved `.layerlab.json` graph file. */
  graph?: string;
  dataset?: string;
}

export interface ChosenModel {
  dataset: DatasetSummary;
  /** How the model is called in messages and in the default experiment name. */
  label: string;
  graph: ModelGraph;
  layout?: GraphLayout;
  /** The recommended model's own settings (flags typed by the user override them). */
  hyperparams: Partial<Hyperparams>;
  /** What was chosen or changed for the user, one sentence each. */
  notes: string[];
}

async function readGraph(path: string): Promise<{ graph: ModelGraph; layout?: GraphLayout; name?: string; notes: string[] }> {
  const text = await readUserText(path, { maxBytes: MAX_GRAPH_FILE_BYTES, what: 'The graph file' });
  const parsed = parseGraphFile(text);
  if (!parsed.ok) throw new ApiError('invalid_input', `The graph file ${path} cannot be used: ${parsed.message}`);
  return { graph: parsed.file.graph, layout: parsed.file.layout, name: parsed.file.name, notes: parsed.repairs };
}

/**
 * Which model `layerlab train` trains: a template (`--template`), a saved graph file (`--graph`), or,
 * with only `--dataset`, the model recommended for that dataset; plain `layerlab train` is the seed
 * (the MNIST CNN on MNIST). A template or file is adapted to the dataset (input size, classes,
 * vocabulary) and says what changed; a model for another kind of data is refused in words.
 */
export async function chooseModel(api: ApiClient, o: ModelChoice): Promise<ChosenModel> {
  if (o.template && o.graph) throw new ApiError('invalid_input', 'Use --template or --graph, not both: they each name the model to train.');
  const template = o.template ? TEMPLATES.find((t) => t.id === o.template) : undefined;
  if (o.template && !template)
    throw new ApiError('not_found', `There is no template "${o.template}". Choose one of: ${TEMPLATES.map((t) => t.id).join(', ')}; or leave --template out to train the model recommended for the dataset.`);
  if (o.graph && !o.dataset) throw new ApiError('invalid_input', '--graph needs --dataset: a graph file does not say which data it trains on.');
  const seed = !template && !o.graph && !o.dataset ? TEMPLATES[0]! : undefined;
  const dataset = await resolveDataset(api, o.dataset ?? (template ?? seed)!.datasetId);
  if (!template && !o.graph && !seed) {
    const r = recommendModel({ ...dataset, classes: dataset.classes.length });
    return {
      dataset,
      label: r.template.name,
      graph: r.template.graph,
      layout: r.template.layout,
      hyperparams: r.hyperparams,
      notes: [`No --template given: training the ${r.template.name} (${r.template.description}).`, ...r.reasons],
    };
  }
  const source = o.graph ? { ...(await readGraph(o.graph)), label: `The graph file ${o.graph}` } : { graph: (template ?? seed)!.graph, layout: (template ?? seed)!.layout, label: `The ${(template ?? seed)!.id} template`, notes: [] };
  checkGraphTakesDataset(source.graph, source.label, dataset, templatesFor(TEMPLATES, dataset.kind));
  const adapted = adaptGraph(source.graph, dataset);
  const notes = [...source.notes, ...(adapted.changes.length ? [`Adapted the model to ${dataset.name}: ${adapted.changes.join('; ')}.`] : [])];
  return { dataset, label: source.label, graph: adapted.graph, layout: source.layout, hyperparams: {}, notes };
}
