import { useEffect, useState } from 'react';
import type { DatasetImportProgress } from '../../../../shared/api/types';
import { api } from '../../api';
import { ProgressBar } from '../../ui/ProgressBar';

/** Live progress of one import (from `datasets.progress` events) with a cancel button. */
export function ImportProgress({ importId }: { importId: string }) {
  const [p, setP] = useState<DatasetImportProgress | null>(null);
  useEffect(() => api.on('datasets.progress', (e) => e.importId === importId && setP(e)), [importId]);
  const phase = p?.phase ?? 'reading';
  // Reading is the long part; preprocessing and writing fill the rest of the bar.
  const value = !p ? 0 : phase === 'reading' ? 0.7 * (p.total ? p.done / p.total : 0) : phase === 'preprocessing' ? 0.75 : phase === 'writing' ? 0.75 + 0.25 * (p.total ? p.done / p.total : 0) : 1;
  return (
    <div className="app-inline-form">
      <ProgressBar testId="import-progress" value={value} caption={`${phase}${p?.message ? ` — ${p.message}` : ''}`} />
      <button type="button" className="app-btn" data-testid="import-cancel" onClick={() => void api.call('datasets.cancelImport', { importId }).catch(() => undefined)}>
        Cancel
      </button>
    </div>
  );
}

/** A fresh id for an import, so its events and cancel refer to it. */
export const newImportId = () => `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
