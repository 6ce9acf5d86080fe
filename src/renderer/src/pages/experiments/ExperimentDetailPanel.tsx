import { X } from 'lucide-react';
import type { ExperimentDetail } from '../../../../shared/api/types';
import { backendWithAdapter } from '../../../../shared/gpu-adapter';
import { useBackendLabel } from '../../state/system';
import { dateTime, duration, elapsed, int, pct, num } from '../../ui/format';
import { MetricsChart } from '../../ui/MetricsChart';
import { StatusBadge } from '../../ui/StatusBadge';
import { EpochTable } from './EpochTable';
import { EvaluationSection } from './EvaluationSection';
import { ExperimentActions } from './ExperimentActions';
import { SaveModel } from './SaveModel';
import { ExportPanel } from './ExportPanel';
import { ScoreFilePanel } from './ScoreFilePanel';
import { TryItPanel } from './TryItPanel';

const HP_LABELS: [keyof ExperimentDetail['hyperparams'], string][] = [
  ['optimizer', 'Optimizer'],
  ['learningRate', 'Learning rate'],
  ['batchSize', 'Batch size'],
  ['epochs', 'Epochs'],
  ['validationSplit', 'Validation split'],
  ['seed', 'Seed'],
  ['trainLimit', 'Training samples used (0 = all)'],
  ['testLimit', 'Test samples used (0 = all)'],
];

/** Everything about one experiment: outcome, curves, per-epoch table, settings, actions. */
export function ExperimentDetailPanel({ exp, onClose }: { exp: ExperimentDetail; onClose(): void }) {
  const backend = useBackendLabel(exp.backend);
  return (
    <aside className="app-detail" data-testid="experiment-detail" aria-label={`Experiment ${exp.name}`}>
      <div className="app-card-head">
        <h2>{exp.name}</h2>
        <button className="app-icon-btn" aria-label="Close details" title="Close details" onClick={onClose}>
          <X size={18} />
        </button>
      </div>
      <div className="app-detail-status">
        <StatusBadge status={exp.status} />
        <span>
          Test accuracy <strong>{pct(exp.testAccuracy)}</strong> · test loss {num(exp.testLoss)} ·{' '}
          {int(exp.paramCount)} parameters · {duration(elapsed(exp.startedAt, exp.finishedAt))}
        </span>
      </div>
      {exp.error && (
        <div className="app-banner app-banner-inline" data-testid="experiment-error">
          {exp.error}
        </div>
      )}
      <ExperimentActions key={exp.id} exp={exp} />
      {(exp.tags.length > 0 || exp.notes) && (
        <div data-testid="experiment-meta">
          {exp.tags.map((t) => (
            <span key={t} className="app-chip">
              {t}
            </span>
          ))}
          {exp.notes && <p style={{ whiteSpace: 'pre-wrap' }}>{exp.notes}</p>}
        </div>
      )}
      {exp.status === 'completed' && exp.hasModel && (
        <>
          <TryItPanel key={`tryit-${exp.id}-${exp.finishedAt}`} id={exp.id} />
          <ScoreFilePanel key={`score-${exp.id}`} id={exp.id} />
        </>
      )}
      <SaveModel key={`save-${exp.id}`} id={exp.id} hasModel={exp.hasModel} />
      <ExportPanel key={`export-${exp.id}`} id={exp.id} hasModel={exp.hasModel} hyperparams={exp.hyperparams} />
      <h3>Learning curves</h3>
      <MetricsChart epochs={exp.epochs} height={220} testId="detail-chart" />
      <EpochTable epochs={exp.epochs} />
      {exp.status === 'completed' && (
        <EvaluationSection key={`eval-${exp.id}-${exp.finishedAt}`} id={exp.id} />
      )}
      <h3>Settings</h3>
      <dl className="app-facts">
        {HP_LABELS.map(([k, label]) => (
          <div key={k} className="app-fact-row">
            <dt>{label}</dt>
            <dd>{String(exp.hyperparams[k])}</dd>
          </div>
        ))}
        <div className="app-fact-row">
          <dt>Backend</dt>
          <dd data-testid="experiment-backend">{backendWithAdapter(backend, exp.backendAdapter)}</dd>
        </div>
        <div className="app-fact-row">
          <dt>Created</dt>
          <dd>{dateTime(exp.createdAt)}</dd>
        </div>
      </dl>
    </aside>
  );
}
