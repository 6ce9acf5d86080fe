import { useState } from 'react';
import { Copy, NotebookPen, Pencil, Repeat, RotateCcw, Tag, Trash2 } from 'lucide-react';
import type { ExperimentDetail } from '../../../../shared/api/types';
import { api } from '../../api';
import { useDraft } from '../../state/draft';
import { reportError } from '../../state/errors';
import { useExperiments } from '../../state/experiments';
import { useNav } from '../../state/nav';
import { useTraining } from '../../state/training';

type Mode = 'idle' | 'rename' | 'delete' | 'tags' | 'notes' | 'repeat';

/** Load an experiment's graph, layout, dataset and settings into the draft and open the Model page. */
export function cloneAndEdit(exp: ExperimentDetail): void {
  useDraft.setState((s) => ({
    name: `${exp.name} (copy)`.slice(0, 200),
    graph: exp.graph,
    layout: exp.layout,
    datasetId: exp.datasetId,
    hyperparams: { ...s.hyperparams, ...exp.hyperparams },
    replaced: null,
    adapted: null,
    revision: s.revision + 1,
  }));
  useNav.getState().go('model');
}

/** Resume, Rename, Tags, Notes, Clone & edit, Delete (asks first). */
export function ExperimentActions({ exp }: { exp: ExperimentDetail }) {
  const { rename, remove, resume, refresh } = useExperiments();
  const [mode, setMode] = useState<Mode>('idle');
  const [text, setText] = useState('');

  const doResume = async () => {
    if (await resume(exp.id)) {
      await useTraining.getState().follow(exp.id);
      useNav.getState().go('train');
    }
  };
  const save = async () => {
    try {
      if (mode === 'rename') {
        if (!(await rename(exp.id, text.trim()))) return;
      } else if (mode === 'tags') {
        const tags = text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        await api.call('experiments.update', { id: exp.id, tags });
      } else if (mode === 'notes') await api.call('experiments.update', { id: exp.id, notes: text });
      else if (mode === 'repeat') {
        const seeds = [
          ...new Set(
            text
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(Number),
          ),
        ];
        if (seeds.length === 0 || seeds.some((n) => !Number.isInteger(n) || n < 0))
          return reportError(new Error('Seeds are whole numbers ≥ 0, e.g. 1, 2, 3.'));
        await api.call('experiments.repeat', { id: exp.id, seeds });
      }
      await refresh();
      setMode('idle');
    } catch (err) {
      reportError(err);
    }
  };
  const open = (m: Mode, initial: string) => {
    setText(initial);
    setMode(m);
  };

  if (mode === 'rename' || mode === 'tags' || mode === 'notes' || mode === 'repeat')
    return (
      <form
        className="app-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {mode === 'notes' ? (
          <textarea
            data-testid="notes-input"
            value={text}
            rows={4}
            maxLength={20000}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            style={{ flex: 1 }}
          />
        ) : (
          <input
            data-testid={`${mode}-input`}
            value={text}
            maxLength={mode === 'rename' ? 200 : 2000}
            placeholder={
              mode === 'tags'
                ? 'baseline, small, try-2'
                : mode === 'repeat'
                  ? 'seeds, e.g. 1, 2, 3 (queued one after another)'
                  : undefined
            }
            autoFocus
            onChange={(e) => setText(e.target.value)}
          />
        )}
        <button
          type="submit"
          className="app-btn app-btn-primary"
          data-testid={`${mode}-confirm`}
          disabled={mode === 'rename' && !text.trim()}
        >
          {mode === 'repeat' ? 'Queue runs' : `Save ${mode === 'rename' ? 'name' : mode}`}
        </button>
        <button type="button" className="app-btn" onClick={() => setMode('idle')}>
          Cancel
        </button>
      </form>
    );

  if (mode === 'delete')
    return (
      <div className="app-inline-form app-danger-zone">
        <span>Delete “{exp.name}” with its metrics and model files? This cannot be undone.</span>
        <button
          className="app-btn app-btn-danger"
          data-testid="delete-confirm"
          onClick={() => void remove(exp.id)}
        >
          Delete
        </button>
        <button className="app-btn" onClick={() => setMode('idle')}>
          Keep it
        </button>
      </div>
    );

  return (
    <div className="app-actions">
      {exp.status === 'interrupted' && (
        <button
          className="app-btn app-btn-primary"
          data-testid="resume-experiment"
          onClick={() => void doResume()}
        >
          <RotateCcw size={16} /> Resume from epoch {exp.epochsDone + 1}
        </button>
      )}
      <button className="app-btn" data-testid="rename-experiment" onClick={() => open('rename', exp.name)}>
        <Pencil size={14} /> Rename
      </button>
      <button
        className="app-btn"
        data-testid="tag-experiment"
        onClick={() => open('tags', exp.tags.join(', '))}
      >
        <Tag size={14} /> Tags
      </button>
      <button className="app-btn" data-testid="note-experiment" onClick={() => open('notes', exp.notes)}>
        <NotebookPen size={14} /> Notes
      </button>
      <button
        className="app-btn"
        data-testid="clone-experiment"
        title="Load this graph and its settings into the editor"
        onClick={() => cloneAndEdit(exp)}
      >
        <Copy size={14} /> Clone &amp; edit
      </button>
      <button
        className="app-btn"
        data-testid="repeat-experiment"
        title="Train the same graph and settings again with other seeds"
        onClick={() => open('repeat', '1, 2, 3')}
      >
        <Repeat size={14} /> Repeat with seeds
      </button>
      <button
        className="app-btn"
        data-testid="delete-experiment"
        disabled={exp.status === 'running'}
        title={exp.status === 'running' ? 'Cancel the run first' : undefined}
        onClick={() => setMode('delete')}
      >
        <Trash2 size={14} /> Delete
      </button>
    </div>
  );
}
