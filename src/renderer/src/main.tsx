import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { checkAccess, forgetToken, resolveToken } from './api/token';
import { AccessHelp } from './ui/AccessHelp';
import './app.css';
import './small-screens.css';

const root = createRoot(document.getElementById('root')!);
const render = (node: ReactNode) => root.render(<StrictMode>{node}</StrictMode>);

/**
 * The web host needs the token printed by `npm start`. It is checked once before the app is loaded: the
 * app's modules open the event connection and call the API as soon as they run, so with no token, or a
 * refused one, only the help page is shown and nothing talks to the host behind it.
 */
async function start(): Promise<void> {
  if (!window.layerlab) {
    const { token, href } = resolveToken(window.location.href, sessionStorage);
    if (href !== window.location.href) window.history.replaceState(null, '', href);
    const access = await checkAccess(token);
    if (access !== 'ok') {
      if (access === 'wrong') forgetToken(sessionStorage);
      render(<AccessHelp access={access} />);
      return;
    }
  }
  const { App } = await import('./App');
  render(<App />);
}

void start();
