import { useEffect, useState } from 'react';
import { FilePlus2 } from 'lucide-react';
import type { GraphTemplate } from '../../../../shared/api/types';
import { api } from '../../api';
import { useDraft } from '../../state/draft';
import { reportError } from '../../state/errors';
import { Popover } from '../../ui/Popover';
import { GraphThumbnail } from './GraphThumbnail';

/** A blank canvas, offered first in the picker; it keeps the dataset already chosen. */
const emptyModel = (datasetId: string | null): GraphTemplate => ({
  id: 'empty',
  name: 'Empty model',
  description: 'A blank canvas: add layers from the palette.',
  datasetId: datasetId ?? 'builtin:mnist',
  graph: { nodes: [], edges: [] },
  layout: { positions: {} },
});

/** "New from template": each starter graph with its description; choosing one replaces the draft. */
export function TemplatePicker() {
  const [templates, setTemplates] = useState<GraphTemplate[] | null>(null);
  const [open, setOpen] = useState(false);
  const loadTemplate = useDraft((s) => s.loadTemplate);
  useEffect(() => {
    api.call('templates.list', {}).then(setTemplates, (err) => {
      setTemplates([]);
      reportError(err);
    });
  }, []);
  const choose = (t: GraphTemplate) => {
    loadTemplate(t);
    setOpen(false);
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      label="New from template"
      className="app-btn"
      testId="new-from-template"
      trigger={
        <>
          <FilePlus2 size={16} /> New from template
        </>
      }
    >
      <div className="app-templates">
        <button className="app-template" data-testid="template-empty" onClick={() => {
            choose(emptyModel(useDraft.getState().datasetId));
            useDraft.getState().setName('Untitled model');
          }}>
          <strong>New empty model</strong>
          <span className="app-muted">A blank canvas: add layers from the palette, starting with an input.</span>
        </button>
        {templates === null && <div className="app-muted">Loading templates…</div>}
        {templates?.length === 0 && <div className="app-muted">No templates available.</div>}
        {templates?.map((t) => (
          <button key={t.id} className="app-template" data-testid={`template-${t.id}`} onClick={() => choose(t)}>
            <GraphThumbnail template={t} />
            <strong>{t.name}</strong>
            <span className="app-muted">{t.description}</span>
          </button>
        ))}
      </div>
    </Popover>
  );
}
