import type { Access } from '../api/token';
import './access-help.css';

const WHY: Record<Exclude<Access, 'ok'>, string> = {
  missing: 'This address has no access token, so the LayerLab server will not answer it.',
  wrong: 'The server did not accept the token in this address. It may have been restarted with a new one.',
  unreachable: 'The LayerLab server cannot be reached. It may have been stopped.',
};

/**
 * Shown instead of the app when the web host cannot be used from this tab: nothing behind it calls the
 * API or opens the event connection, so there is nothing to retry in a loop.
 */
export function AccessHelp({ access }: { access: Exclude<Access, 'ok'> }) {
  return (
    <main className="app-access-help" data-testid="access-help" data-access={access}>
      <h1>Open LayerLab from the address the server printed</h1>
      <p>{WHY[access]}</p>
      <ol>
        <li>
          Find the terminal where you ran <code>npm start</code> (or <code>npm run web</code>)
          {access === 'unreachable' ? ', and start it again if it has stopped' : ''}.
        </li>
        <li>
          Open the address it printed, the one that ends in <code>?token=…</code>. This tab remembers it until you close
          it, and the address stays valid for reloads and bookmarks while the server runs.
        </li>
      </ol>
      <button type="button" className="app-btn" onClick={() => window.location.reload()}>
        Try again
      </button>
    </main>
  );
}
