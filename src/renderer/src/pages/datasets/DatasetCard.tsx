import type { DatasetSummary } from '../../../../shared/api/types';
import { int, shape } from '../../ui/format';

const MAX_CLASSES = 12;

/** One dataset: what it is, the shape of one sample, its classes and how many samples each split has. */
export function DatasetCard({ dataset: d, compact = false }: { dataset: DatasetSummary; compact?: boolean }) {
  const shown = d.classes.slice(0, MAX_CLASSES);
  return (
    <section className="app-card app-dataset" data-testid={`dataset-${d.id}`}>
      {!compact && (
        <h3>
          {d.name} <span className="app-tag">{d.kind}</span>
        </h3>
      )}
      {d.description && <p className="app-muted">{d.description}</p>}
      <dl className="app-facts">
        <dt>{d.kind === 'image' ? 'Numbers per image' : 'Numbers per row'}</dt>
        <dd>{shape(d.inputShape)}</dd>
        <dt>Training samples</dt>
        <dd>{int(d.trainCount)}</dd>
        <dt>Test samples</dt>
        <dd>{int(d.testCount)}</dd>
        <dt>{d.classes.length} classes</dt>
        <dd className="app-classes" title={d.classes.join(', ')}>
          {shown.map((c) => (
            <span key={c} className="app-chip">
              {c}
            </span>
          ))}
          {d.classes.length > MAX_CLASSES && <span className="app-muted"> +{d.classes.length - MAX_CLASSES} more</span>}
        </dd>
      </dl>
    </section>
  );
}
