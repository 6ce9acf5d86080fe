import { HelpCircle } from 'lucide-react';
import { PAGES, useNav } from '../state/nav';
import { useDraft } from '../state/draft';
import { useGuide } from '../state/guide';
import { useTraining } from '../state/training';
import { Popover } from './Popover';
import { SHORTCUTS } from './useShortcuts';

/** Page title, the model being drafted, the run being followed, and the help popover. */
export function Header() {
  const helpOpen = useNav((s) => s.helpOpen);
  const setHelp = useNav((s) => s.setHelp);
  const page = useNav((s) => s.page);
  const name = useDraft((s) => s.name);
  const run = useTraining((s) => s.experimentName);
  // A paused run is still `running` on the server; the header says what the person sees: paused.
  const status = useTraining((s) => (s.status === 'running' && s.paused ? 'paused' : s.status));
  const showGuide = useGuide((s) => s.show);
  return (
    <header className="app-header">
      <h1 className="app-title">{PAGES.find((p) => p.id === page)?.label}</h1>
      <div className="app-header-context" data-testid="header-context">
        <span title="The model you are editing (Model page)">
          Model: <strong>{name || 'Untitled model'}</strong>
        </span>
        {run && (
          <span title="The last run started from the Train page">
            Run: <strong>{run}</strong>
            {status ? ` (${status})` : ''}
          </span>
        )}
      </div>
      <Popover open={helpOpen} onOpenChange={setHelp} trigger={<HelpCircle size={18} />} label="Help and keyboard shortcuts" className="app-icon-btn" testId="help-button">
        <div className="app-help">
          <button
            type="button"
            className="app-btn app-help-guide"
            data-testid="help-show-guide"
            onClick={() => {
              setHelp(false);
              showGuide();
            }}
          >
            Getting started: Data → Model → Train → Use
          </button>
          <h3>Keyboard shortcuts</h3>
          <table>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.what}>
                  <td><kbd>{s.keys}</kbd></td>
                  <td>{s.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Build a model on the Model page, pick data and settings on the Train page, compare runs on Experiments.</p>
        </div>
      </Popover>
    </header>
  );
}
