import type { ExperimentStatus } from '../../../shared/api/types';

const LABELS: Record<ExperimentStatus, string> = {
  draft: 'Draft',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/** A coloured pill for an experiment's life-cycle status. */
export function StatusBadge({ status, testId }: { status: ExperimentStatus; testId?: string }) {
  return (
    <span className={`app-badge app-badge-${status}`} data-testid={testId} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
