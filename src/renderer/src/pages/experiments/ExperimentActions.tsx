import { useState } from 'react';
import { Pencil, RotateCcw, Trash2 } from 'lucide-react';
import type { ExperimentDetail } from '../../../../shared/api/types';
import { useExperiments } from '../../state/experiments';
import { useNav } from '../../state/nav';
import { useTraining } from '../../state/training';

/** Resume (interrupted runs), Rename (inline), Delete (asks first). */
export function ExperimentActions({ exp }: { exp: ExperimentDetail }) {
  const { rename, remove, resume } = useExperiments();
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const [name, setName] = useState(exp.name);

  const doResume = async () => {
    if (await resume(exp.id)) {
      await useTraining.getState().follow(exp.id);
      useNav.getState().go('train');
    }
  };

  if (mode === 'rename')
    return (
      <form
        className="app-inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (name.trim() && (await rename(exp.id, name.trim()))) setMode('idle');
        }}
      >
        <input data-testid="rename-input" value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="app-btn app-btn-primary" data-testid="rename-confirm" disabled={!name.trim()}>
          Save name
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
        <button className="app-btn app-btn-danger" data-testid="delete-confirm" onClick={() => void remove(exp.id)}>
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
        <button className="app-btn app-btn-primary" data-testid="resume-experiment" onClick={() => void doResume()}>
          <RotateCcw size={16} /> Resume from epoch {exp.epochsDone + 1}
        </button>
      )}
      <button
        className="app-btn"
        data-testid="rename-experiment"
        onClick={() => {
          setName(exp.name);
          setMode('rename');
        }}
      >
        <Pencil size={14} /> Rename
      </button>
      <button className="app-btn" data-testid="delete-experiment" disabled={exp.status === 'running'} title={exp.status === 'running' ? 'Cancel the run first' : undefined} onClick={() => setMode('delete')}>
        <Trash2 size={14} /> Delete
      </button>
    </div>
  );
}
