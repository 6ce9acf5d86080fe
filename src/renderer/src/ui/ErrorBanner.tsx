import { X, AlertTriangle } from 'lucide-react';
import { errorsFor, useErrors } from '../state/errors';
import { useNav } from '../state/nav';

/** Failed calls on the current page, in plain words, each dismissible. */
export function ErrorBanner() {
  const page = useNav((s) => s.page);
  const errors = errorsFor(useErrors((s) => s.errors), page);
  const dismiss = useErrors((s) => s.dismiss);
  if (errors.length === 0) return null;
  return (
    <div className="app-banners" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="app-banner" data-testid="error-banner">
          <AlertTriangle size={16} aria-hidden />
          <span className="app-banner-text">{e.message}</span>
          <button className="app-icon-btn" aria-label="Dismiss" title="Dismiss" onClick={() => dismiss(e.id)}>
            <X size={16} />
          </button>
        </div>
      ))}
    </div>
  );
}
