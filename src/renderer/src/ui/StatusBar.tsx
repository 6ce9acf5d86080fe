import { Cpu } from 'lucide-react';
import { backendSummary } from './backend-summary';
import { useConnection } from '../state/connection';
import { useSystem } from '../state/system';
import { Popover } from './Popover';

const HOSTS = { electron: 'Desktop app', web: 'Web host (browser)', cli: 'Command line' } as const;

/** Bottom bar: training backend (reasons in a popover), host kind and version. */
export function StatusBar() {
  const info = useSystem((s) => s.info);
  const backends = useSystem((s) => s.backends);
  const summary = backends ? backendSummary(backends) : null;
  const connection = useConnection((s) => s.state);
  return (
    <footer className="app-statusbar">
      {(connection === 'reconnecting' || connection === 'lost') && (
        <span className="app-statusbar-item app-error-text" role="status" data-testid="connection-status" data-state={connection}>
          {connection === 'reconnecting' ? 'Reconnecting to the LayerLab server…' : 'Connection to the LayerLab server lost. Is `npm start` still running? Retrying…'}
        </span>
      )}
      {summary && backends ? (
        <Popover
          placement="up"
          label="Why this training backend"
          testId="backend-status"
          trigger={
            <span className="app-statusbar-item">
              <Cpu size={14} /> Backend: {summary.label}
              {summary.why ? ` — ${summary.why}` : ''}
            </span>
          }
        >
          <div className="app-backends">
            <h3>Training backends, best first</h3>
            <ul>
              {backends.candidates.map((c) => (
                <li key={c.name} className={c.name === backends.active ? 'app-backend-active' : ''}>
                  <span className={c.available ? 'app-ok' : 'app-no'}>{c.available ? '✓' : '✗'}</span>{' '}
                  <strong>{c.label}</strong>
                  {c.name === backends.active ? ' (in use)' : ''}
                  <div className="app-muted">{c.reason}</div>
                </li>
              ))}
            </ul>
          </div>
        </Popover>
      ) : (
        <span className="app-statusbar-item app-muted">Backend: checking…</span>
      )}
      <span className="app-statusbar-spacer" />
      {info && (
        <span className="app-statusbar-item" data-testid="host-status" title={`Data folder: ${info.dataDir}`}>
          {HOSTS[info.host]} · {info.name} {info.version}
        </span>
      )}
    </footer>
  );
}
