import { useEffect, useMemo, useRef, useState } from 'react';
import { Dices, FlaskConical } from 'lucide-react';
import type { PredictForm, PredictResult } from '../../../../shared/api/predict-types';
import { api } from '../../api';
import { errorMessage } from '../../state/errors';
import { ProbabilityBars } from './ProbabilityBars';
import { DrawPad, ImagePicker, TableFields } from './TryItInputs';
import { WhyPanel } from './WhyPanel';
import { ImportancePanel } from './ImportancePanel';

/** Cells of the form's example row as field values (empty for missing). */
const asValues = (row: Record<string, string | null> | null | undefined) =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v ?? '']));

/**
 * Try it: one case through the model, preprocessed as in training. Table models get a form of their raw
 * columns filled from a random test row, text models a text box, image models a file picker; every change
 * asks again, so moving one field shows how the probabilities move.
 */
export function TryItPanel({ id }: { id: string }) {
  const [form, setForm] = useState<PredictForm | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [image, setImage] = useState<string | null>(null);
  const [result, setResult] = useState<PredictResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  const [draw, setDraw] = useState(0);
  // A new random test sample on opening and on "Another test sample".
  useEffect(() => {
    let live = true;
    api.call('experiments.predictForm', { id }).then(
      (f) => {
        if (!live) return;
        setForm(f);
        setValues(asValues(f.example?.row));
        setImage(f.example?.image ?? null);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [id, draw]);

  // Ask again on every change, a moment after typing stops; only the newest answer is shown.
  useEffect(() => {
    if (!form) return;
    const text = form.kind === 'text' ? (values[form.columns[0]?.name ?? ''] ?? '') : null;
    if (form.kind === 'image' && !image) return;
    const n = ++asked.current;
    const timer = setTimeout(() => {
      const input =
        form.kind === 'image' ? { id, image: image! } : text !== null ? { id, text } : { id, row: values };
      api.call('experiments.predict', input).then(
        (r) => n === asked.current && (setResult(r), setError(null)),
        (err: unknown) => n === asked.current && (setResult(null), setError(errorMessage(err))),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [form, values, image, id]);

  // What "Why?" takes apart: the form's row, the typed text, or the image.
  const whyInput = useMemo(() => {
    if (!form) return null;
    if (form.kind === 'image') return image ? { image } : null;
    return form.kind === 'text' ? { text: values[form.columns[0]?.name ?? ''] ?? '' } : { row: values };
  }, [form, values, image]);

  if (!form) return error ? <p className="app-muted">{error}</p> : null;
  return (
    <section className="app-export-panel" data-testid="tryit-panel">
      <h3>
        <FlaskConical size={16} /> Try it
      </h3>
      <p className="app-muted">
        {form.kind === 'image'
          ? `Pick or drop an image: it is brought to ${form.image?.width}×${form.image?.height} ${form.image?.color} and scaled as the dataset was.`
          : form.kind === 'text'
            ? 'Type or paste a text: it is split into words with the dataset’s vocabulary.'
            : 'Change any field: the model answers with the same preprocessing as in training.'}
        {form.example?.trueClass ? ` Started from a test sample whose true class is “${form.example.trueClass}”.` : ''}
      </p>
      <div className="app-tryit">
        <div>
          {form.kind === 'image' ? (
            <>
              <ImagePicker onImage={setImage} onError={setError} />
              {form.image?.width === 28 && form.image.height === 28 && form.image.color === 'grayscale' && <DrawPad onImage={setImage} />}
              {image && <img className="app-tryit-image" src={image} alt="The image being classified" data-testid="tryit-image" />}
            </>
          ) : (
            <TableFields columns={form.columns} values={values} onChange={(k, v) => setValues((old) => ({ ...old, [k]: v }))} />
          )}
          <button type="button" className="app-btn" data-testid="tryit-another" onClick={() => setDraw((d) => d + 1)}>
            <Dices size={14} /> Another test sample
          </button>
        </div>
        <div>
          {error && (
            <div className="app-error-text" data-testid="tryit-error">
              {error}
            </div>
          )}
          {result && <ProbabilityBars result={result} />}
          <WhyPanel id={id} form={form} input={error ? null : whyInput} result={result} />
        </div>
      </div>
      {form.kind === 'table' && <ImportancePanel id={id} />}
    </section>
  );
}
