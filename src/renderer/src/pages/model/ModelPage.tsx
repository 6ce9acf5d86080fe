import { useMemo } from 'react';
import { analyzeGraph } from '../../../../shared/validate/analyze';
import { GraphEditor } from '../../editor/GraphEditor';
import { useDraft } from '../../state/draft';
import { int } from '../../ui/format';
import { TemplatePicker } from './TemplatePicker';

/** Name the model, start from a template, edit the graph. */
export function ModelPage() {
  const name = useDraft((s) => s.name);
  const setName = useDraft((s) => s.setName);
  const graph = useDraft((s) => s.graph);
  const layout = useDraft((s) => s.layout);
  const revision = useDraft((s) => s.revision);
  const setGraph = useDraft((s) => s.setGraph);
  const replaced = useDraft((s) => s.replaced);
  const undoTemplate = useDraft((s) => s.undoTemplate);
  const forgetReplaced = useDraft((s) => s.forgetReplaced);
  const analysis = useMemo(() => analyzeGraph(graph), [graph]);
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error');
  return (
    <div className="app-model-page">
      <div className="app-toolbar">
        <label className="app-field app-field-inline">
          <span>Model name</span>
          <input
            data-testid="model-name"
            value={name}
            maxLength={200}
            placeholder="Untitled model"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <TemplatePicker />
        <span className="app-toolbar-spacer" />
        <span className={analysis.valid ? 'app-pill app-pill-ok' : 'app-pill app-pill-bad'} data-testid="graph-validity" title={firstError?.message}>
          {analysis.valid ? `Valid · ${int(analysis.totalParams)} parameters` : `Not trainable yet: ${firstError?.message ?? 'see the editor'}`}
        </span>
      </div>
      {replaced && (
        <div className="app-notice" data-testid="template-loaded">
          Loaded the template “{replaced.templateName}”.
          <button className="app-link-btn" onClick={undoTemplate}>
            Undo (bring back your previous model)
          </button>
          <button className="app-link-btn" onClick={forgetReplaced}>
            Dismiss
          </button>
        </div>
      )}
      <div className="app-editor-box">
        <GraphEditor key={revision} graph={graph} layout={layout} onChange={setGraph} />
      </div>
    </div>
  );
}
