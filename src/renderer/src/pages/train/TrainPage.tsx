import { useCallback, useEffect, useState } from 'react';
import { useDatasets } from '../../state/datasets';
import { useTraining } from '../../state/training';
import { DatasetPicker } from './DatasetPicker';
import { HyperparamForm } from './HyperparamForm';
import { LivePanel } from './LivePanel';
import { TrainControls } from './TrainControls';
import { useReadiness } from './useReadiness';

/** Pick data and settings on the left; watch the run on the right. */
export function TrainPage() {
  const readiness = useReadiness();
  const [bad, setBad] = useState<Set<string>>(new Set());
  const locked = useTraining((s) => s.status === 'running' || s.starting);
  useEffect(() => {
    void useDatasets.getState().load();
  }, []);
  const onValidity = useCallback((key: string, ok: boolean) => {
    setBad((prev) => {
      if (ok !== prev.has(key)) return prev;
      const next = new Set(prev);
      if (ok) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  return (
    <div className="app-train-page">
      <div className="app-train-settings">
        <TrainControls readiness={readiness} formOk={bad.size === 0} />
        <DatasetPicker disabled={locked} />
        <HyperparamForm onValidity={onValidity} disabled={locked} />
      </div>
      <div className="app-train-live">
        <LivePanel />
      </div>
    </div>
  );
}
