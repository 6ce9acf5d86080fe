import { useMemo, useState } from 'react';
import type { SweepParam } from '../../../../shared/sweeps';
import { useDraft } from '../../state/draft';
import { candidates, gridSize, parseValues, toStrategy, type StrategyForm } from './sweep-form';
import { SweepParamsTable } from './SweepParamsTable';
import { useSweeps } from './useSweeps';

const STRATEGIES = [
  { id: 'grid', label: 'Grid: every combination' },
  { id: 'random', label: 'Random: seeded draws' },
  { id: 'halving', label: 'Successive halving: many short trials, the best continue' },
] as const;

/** Create a sweep from the current draft: choose what to vary and how, within a budget. */
export function NewSweepForm() {
  const { name: draftName, graph, datasetId, hyperparams } = useDraft();
  const { create, setCreating } = useSweeps();
  const offered = useMemo(() => candidates(graph), [graph]);
  const [name, setName] = useState(`${draftName} sweep`);
  const [chosen, setChosen] = useState<Set<string>>(new Set(['learningRate']));
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(offered.map((c) => [c.key, c.suggestion])),
  );
  const [strategy, setStrategy] = useState<StrategyForm>({
    type: 'grid',
    seed: 1,
    eta: 3,
    minEpochs: 1,
    maxEpochs: 9,
  });
  const [maxTrials, setMaxTrials] = useState(16);
  const [parallel, setParallel] = useState(1);
  const [maxMinutes, setMaxMinutes] = useState('');
  const [busy, setBusy] = useState(false);

  const parsed = offered
    .filter((c) => chosen.has(c.key))
    .map((c) => ({ c, p: parseValues(c, texts[c.key] ?? '') }));
  const errors = parsed.filter((x) => typeof x.p === 'string');
  const errorsByKey = Object.fromEntries(errors.map((e) => [e.c.key, String(e.p)]));
  const space = parsed.map((x) => x.p).filter((p): p is SweepParam => typeof p !== 'string');
  const planned = strategy.type === 'grid' ? Math.min(maxTrials, gridSize(space)) : maxTrials;
  const ready = !busy && datasetId !== null && space.length > 0 && errors.length === 0 && name.trim() !== '';
  const toggle = (key: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const start = async () => {
    if (!ready || !datasetId) return;
    setBusy(true);
    await create({
      name: name.trim(),
      graph,
      datasetId,
      hyperparams,
      space,
      strategy: toStrategy(strategy),
      budget: { maxTrials, parallel, maxMinutes: maxMinutes.trim() ? Number(maxMinutes) : null },
    });
    setBusy(false);
  };

  return (
    <div className="app-card sweep-form" data-testid="sweep-form">
      <div className="app-card-head">
        <strong>New sweep from the current draft</strong>
        <span className="app-muted">
          {graph.nodes.length} layers · dataset {datasetId ?? 'none chosen'} · {hyperparams.epochs} epochs
        </span>
      </div>
      <label className="app-field">
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="sweep-name" />
      </label>
      <p className="app-muted sweep-help">
        Tick what to vary. Values: a list (<code>0.001, 0.01</code>) or a range (
        <code>0.0001 .. 0.1 log</code>; a grid takes 3 points of it).
      </p>
      <SweepParamsTable
        offered={offered}
        chosen={chosen}
        texts={texts}
        errors={errorsByKey}
        onToggle={toggle}
        onText={(key, text) => setTexts((t) => ({ ...t, [key]: text }))}
      />
      <div className="app-inline-form">
        <label className="app-field">
          Strategy
          <select
            value={strategy.type}
            onChange={(e) => setStrategy({ ...strategy, type: e.target.value as StrategyForm['type'] })}
            data-testid="sweep-strategy"
          >
            {STRATEGIES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {strategy.type !== 'grid' && (
          <Num
            label="Seed"
            value={strategy.seed}
            onChange={(seed) => setStrategy({ ...strategy, seed })}
            testId="sweep-seed"
          />
        )}
        {strategy.type === 'halving' && (
          <>
            <Num
              label="Keep 1 in (η)"
              value={strategy.eta}
              onChange={(eta) => setStrategy({ ...strategy, eta })}
              testId="sweep-eta"
            />
            <Num
              label="First rung epochs"
              value={strategy.minEpochs}
              onChange={(minEpochs) => setStrategy({ ...strategy, minEpochs })}
              testId="sweep-min-epochs"
            />
            <Num
              label="Last rung epochs"
              value={strategy.maxEpochs}
              onChange={(maxEpochs) => setStrategy({ ...strategy, maxEpochs })}
              testId="sweep-max-epochs"
            />
          </>
        )}
      </div>
      <div className="app-inline-form">
        <Num label="Maximum trials" value={maxTrials} onChange={setMaxTrials} testId="sweep-max-trials" />
        <Num label="Trials at once" value={parallel} onChange={setParallel} testId="sweep-parallel" />
        <label className="app-field">
          Maximum minutes (empty = no limit)
          <input
            value={maxMinutes}
            onChange={(e) => setMaxMinutes(e.target.value)}
            inputMode="decimal"
            data-testid="sweep-max-minutes"
          />
        </label>
      </div>
      <div className="app-actions">
        <button
          className="app-btn app-btn-primary"
          disabled={!ready}
          onClick={() => void start()}
          data-testid="sweep-start"
        >
          Start {planned} trial{planned === 1 ? '' : 's'}
        </button>
        <button className="app-btn" onClick={() => setCreating(false)}>
          Close
        </button>
      </div>
    </div>
  );
}

function Num({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  onChange(v: number): void;
  testId: string;
}) {
  return (
    <label className="app-field">
      {label}
      <input
        type="number"
        value={value}
        min={0}
        onChange={(e) => onChange(Math.max(0, Math.round(Number(e.target.value) || 0)))}
        data-testid={testId}
      />
    </label>
  );
}
