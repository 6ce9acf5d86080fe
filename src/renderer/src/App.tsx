import { useEffect } from 'react';
import { DatasetsPage } from './pages/datasets/DatasetsPage';
import { ExperimentsPage } from './pages/experiments/ExperimentsPage';
import { ModelPage } from './pages/model/ModelPage';
import { TrainPage } from './pages/train/TrainPage';
import { SweepsPage } from './pages/sweeps/SweepsPage';
import { forgetToken } from './api/token';
import { useConnection } from './state/connection';
import { useDatasets } from './state/datasets';
import { initExperiments } from './state/experiments';
import { useNav } from './state/nav';
import { useSystem } from './state/system';
import { initTraining } from './state/training';
import { AccessHelp } from './ui/AccessHelp';
import { ErrorBanner } from './ui/ErrorBanner';
import { FirstRunGuide } from './ui/FirstRunGuide';
import { Header } from './ui/Header';
import { NavBar } from './ui/NavBar';
import { StatusBar } from './ui/StatusBar';
import { useShortcuts } from './ui/useShortcuts';

const PAGE_VIEWS = { model: ModelPage, train: TrainPage, experiments: ExperimentsPage, datasets: DatasetsPage, sweeps: SweepsPage };

/** The shell: navigation, header, error banner, the current page, status bar. */
export function App() {
  const page = useNav((s) => s.page);
  useShortcuts();
  useEffect(() => {
    initTraining();
    initExperiments();
    void useSystem.getState().load();
    void useDatasets.getState().load();
  }, []);
  const signedOut = useConnection((s) => s.state === 'signed-out');
  useEffect(() => {
    if (signedOut) forgetToken(sessionStorage);
  }, [signedOut]);
  const Page = PAGE_VIEWS[page];
  // The host stopped accepting this tab's token (restarted with a new one): the printed address is the way back.
  if (signedOut) return <AccessHelp access="wrong" />;
  return (
    <div className="app-shell">
      {/* First tab stop: jump past the navigation (and, on the Model page, reach the content at once). */}
      <a
        href="#main-content"
        className="app-skip-link"
        data-testid="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to page content
      </a>
      <NavBar />
      <div className="app-main">
        <Header />
        <ErrorBanner />
        <FirstRunGuide />
        <main className="app-page" id="main-content" tabIndex={-1} data-testid={`page-${page}`}>
          <Page />
        </main>
      </div>
      <StatusBar />
    </div>
  );
}
