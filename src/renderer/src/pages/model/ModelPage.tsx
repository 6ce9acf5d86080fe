import { useMemo, useState } from 'react';
import { Code2 } from 'lucide-react';
import { analyzeGraph } from '../../../../shared/validate/analyze';
import { GraphEditor } from '../../editor/GraphEditor';
import { useDraft } from '../../state/draft';
import { int } from '../../ui/format';
import { TemplatePicker } from './TemplatePicker';
import { GraphFileButtons, type GraphFileNotice } from './GraphFileButtons';
import { CodeView } from './CodeView';
import './model-page.css';

const CODE_KEY = 'layerlab.codeView';

/** Name the model, start from a template or a file, edit the graph, read it as code. */
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
  const [notice, setNotice] = useState<GraphFileNotice | null>(null);
  const [showCode, setShowCode] = useState(() => localStorage.getItem(CODE_KEY) === '1');
  const toggleCode = () =>
    setShowCode((v) => {
      localStorage.setItem(CODE_KEY, v ? '0' : '1');
      return !v;
    });
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
        <GraphFileButtons onNotice={setNotice} />
        <button
          type="button"
          className={`app-btn ${showCode ? 'mp-btn-on' : ''}`}
          data-testid="code-toggle"
          aria-pressed={showCode}
          onClick={toggleCode}
          title="Show the model as Keras and TF.js code"
        >
          <Code2 size={16} aria-hidden /> Code
        </button>
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
      {notice && (
        <div className={`app-notice ${notice.tone === 'bad' ? 'mp-notice-bad' : ''}`} data-testid="graph-file-notice" data-tone={notice.tone} role={notice.tone === 'bad' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button className="app-link-btn" data-testid="graph-file-notice-dismiss" onClick={() => setNotice(null)}>
            Dismiss
          </button>
          {notice.repairs && notice.repairs.length > 0 && (
            <ul>
              {notice.repairs.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="mp-work">
        <div className="app-editor-box">
          <GraphEditor key={revision} graph={graph} layout={layout} onChange={setGraph} />
        </div>
        {showCode && <CodeView graph={graph} name={name} />}
      </div>
    </div>
  );
}
