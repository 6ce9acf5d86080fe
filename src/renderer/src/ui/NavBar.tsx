import { Boxes, Database, FlaskConical, Play, SlidersHorizontal } from 'lucide-react';
import type { ComponentType } from 'react';
import { PAGES, useNav, type PageId } from '../state/nav';
import { useTraining } from '../state/training';
import { pageShortcut } from './useShortcuts';

const ICONS: Record<PageId, ComponentType<{ size?: number }>> = {
  model: Boxes,
  train: Play,
  experiments: FlaskConical,
  datasets: Database,
  sweeps: SlidersHorizontal,
};

/** Left navigation: one entry per page, with its shortcut in the tooltip. */
export function NavBar() {
  const page = useNav((s) => s.page);
  const go = useNav((s) => s.go);
  const running = useTraining((s) => s.status === 'running');
  return (
    <nav className="app-nav" aria-label="Pages">
      <div className="app-brand">LayerLab</div>
      {PAGES.map((p, i) => {
        const Icon = ICONS[p.id];
        return (
          <button
            key={p.id}
            className={`app-nav-item${page === p.id ? ' app-nav-active' : ''}`}
            aria-current={page === p.id ? 'page' : undefined}
            title={`${p.label} (${pageShortcut(i)})`}
            data-testid={`nav-${p.id}`}
            onClick={() => go(p.id)}
          >
            <Icon size={18} />
            <span>{p.label}</span>
            {p.id === 'train' && running && <span className="app-nav-dot" title="Training is running" />}
          </button>
        );
      })}
    </nav>
  );
}
