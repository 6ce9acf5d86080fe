import { OPTIMIZERS, type Hyperparams } from '../../../../shared/api/schemas';
import { useDraft } from '../../state/draft';
import { NumberField } from '../../ui/NumberField';
import { ConceptHelp } from '../../ui/ConceptHelp';
import type { ConceptId } from '../../ui/concepts';

type NumKey = { [K in keyof Hyperparams]: Hyperparams[K] extends number ? K : never }[keyof Hyperparams];
type BoolKey = { [K in keyof Hyperparams]: Hyperparams[K] extends boolean ? K : never }[keyof Hyperparams];

interface FieldSpec {
  key: NumKey;
  label: string;
  hint: string;
  min: number;
  max: number;
  integer: boolean;
  step?: number | 'any';
  /** The idea behind the setting, explained by a "?" beside its label. */
  concept?: ConceptId;
}

const FIELDS: FieldSpec[] = [
  { key: 'learningRate', label: 'Learning rate', hint: 'Step size; 0.001 suits Adam.', min: 0, max: 10, integer: false, step: 'any', concept: 'learningRate' },
  { key: 'batchSize', label: 'Batch size', hint: 'Samples per weight update.', min: 1, max: 8192, integer: true, concept: 'batchSize' },
  { key: 'epochs', label: 'Epochs', hint: 'Passes over the training data.', min: 1, max: 1000, integer: true, concept: 'epochs' },
  { key: 'validationSplit', label: 'Validation split', hint: 'Share held out to check for overfitting (0–0.5).', min: 0, max: 0.5, integer: false, step: 0.05, concept: 'validationSplit' },
  { key: 'seed', label: 'Random seed', hint: 'Same seed, same run.', min: 0, max: 2 ** 31 - 1, integer: true },
  { key: 'trainLimit', label: 'Use only the first N training samples', hint: '0 = all. Small numbers give quick trial runs.', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  { key: 'testLimit', label: 'Evaluate on the first N test samples', hint: '0 = all test samples.', min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  { key: 'earlyStoppingPatience', label: 'Stop early after N epochs without progress', hint: '0 = off. Watches validation loss.', min: 0, max: 1000, integer: true, concept: 'epochs' },
  { key: 'reduceLrPatience', label: 'Halve the learning rate after N flat epochs', hint: '0 = off. Factor below.', min: 0, max: 1000, integer: true },
  { key: 'reduceLrFactor', label: 'Learning-rate cut factor', hint: 'Multiplier when progress stalls (0–1).', min: 0.01, max: 0.99, integer: false, step: 0.05 },
  { key: 'weightDecay', label: 'Weight decay (AdamW)', hint: 'Shrinks weights each step; used by AdamW only.', min: 0, max: 1, integer: false, step: 'any' },
];

const TOGGLES: { key: BoolKey; label: string }[] = [
  { key: 'restoreBestWeights', label: 'When stopping early, keep the best epoch\'s weights' },
  { key: 'stopOnNaN', label: 'Stop the run if the loss becomes NaN' },
];

function checker(f: FieldSpec) {
  return (n: number): string | null => {
    if (f.integer && !Number.isInteger(n)) return 'Use a whole number.';
    if (f.key === 'learningRate' && n <= 0) return 'Must be above 0.';
    if (n < f.min) return `At least ${f.min}.`;
    if (n > f.max) return `At most ${f.max}.`;
    return null;
  };
}

const OPTIMIZER_LABELS: Record<(typeof OPTIMIZERS)[number], string> = {
  adam: 'Adam',
  adamw: 'AdamW',
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  rmsprop: 'RMSprop',
};

/** Training settings; each field commits to the draft store once it holds a valid value. */
export function HyperparamForm({ onValidity, disabled }: { onValidity(key: string, ok: boolean): void; disabled?: boolean }) {
  const hp = useDraft((s) => s.hyperparams);
  const set = useDraft((s) => s.setHyperparam);
  const reset = useDraft((s) => s.resetHyperparams);
  return (
    <section className="app-card">
      <div className="app-card-head">
        <h3>Settings</h3>
        <button className="app-link-btn" onClick={reset} disabled={disabled}>
          Reset to defaults
        </button>
      </div>
      <div className="app-form-grid">
        <label className="app-field">
          <span>Optimizer</span>
          <select data-testid="hp-optimizer" value={hp.optimizer} disabled={disabled} onChange={(e) => set('optimizer', e.target.value as Hyperparams['optimizer'])}>
            {OPTIMIZERS.map((o) => (
              <option key={o} value={o}>
                {OPTIMIZER_LABELS[o]}
              </option>
            ))}
          </select>
          <small className="app-muted">How weights are updated.</small>
        </label>
        <label className="app-field">
          <span>Class weights</span>
          <select data-testid="hp-classWeights" value={hp.classWeights} disabled={disabled} onChange={(e) => set('classWeights', e.target.value as Hyperparams['classWeights'])}>
            <option value="none">None</option>
            <option value="balanced">Balanced (rare classes count more)</option>
          </select>
          <small className="app-muted">For datasets where some classes are rare.</small>
        </label>
        {FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            hint={f.hint}
            value={hp[f.key]}
            testId={`hp-${f.key}`}
            step={f.step ?? 1}
            min={f.min}
            disabled={disabled}
            check={checker(f)}
            onCommit={(n) => set(f.key, n)}
            onValidity={(ok) => onValidity(f.key, ok)}
            help={f.concept && <ConceptHelp concept={f.concept} testId={`concept-${f.key}`} />}
          />
        ))}
        {TOGGLES.map((t) => (
          <label key={t.key} className="app-field app-field-check">
            <input type="checkbox" data-testid={`hp-${t.key}`} checked={hp[t.key]} disabled={disabled} onChange={(e) => set(t.key, e.target.checked)} />
            <span>{t.label}</span>
          </label>
        ))}
      </div>
    </section>
  );
}
