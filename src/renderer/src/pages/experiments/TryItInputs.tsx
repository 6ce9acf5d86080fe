import type { PredictFormColumn } from '../../../../shared/api/predict-types';

/** One field per raw column: numbers, a picker of the known categories, true/false, text. */
export function TableFields({
  columns,
  values,
  onChange,
}: {
  columns: PredictFormColumn[];
  values: Record<string, string>;
  onChange(name: string, value: string): void;
}) {
  return (
    <div className="app-tryit-fields">
      {columns.map((c) => {
        const v = values[c.name] ?? '';
        const hint = c.whenEmpty ? `Empty: ${c.whenEmpty}` : 'Required';
        const common = { 'data-testid': `tryit-field-${c.name}`, 'aria-label': c.name, title: hint };
        return (
          <label key={c.name} className="app-field">
            <span>
              {c.name} <small className="app-muted">({c.type})</small>
            </span>
            {c.type === 'categorical' && c.categories ? (
              <select {...common} value={v} onChange={(e) => onChange(c.name, e.target.value)}>
                <option value="">{c.whenEmpty ? `(empty: ${c.whenEmpty})` : '(choose)'}</option>
                {!c.categories.includes(v) && v !== '' && <option value={v}>{v} (not seen in training)</option>}
                {c.categories.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            ) : c.type === 'boolean' ? (
              <select {...common} value={v} onChange={(e) => onChange(c.name, e.target.value)}>
                <option value="">{c.whenEmpty ? `(empty: ${c.whenEmpty})` : '(choose)'}</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : c.type === 'text' ? (
              <textarea {...common} rows={3} value={v} onChange={(e) => onChange(c.name, e.target.value)} />
            ) : (
              <input
                {...common}
                inputMode={c.type === 'numeric' ? 'decimal' : undefined}
                placeholder={c.whenEmpty ? `empty: ${c.whenEmpty}` : 'required'}
                value={v}
                onChange={(e) => onChange(c.name, e.target.value)}
              />
            )}
          </label>
        );
      })}
    </div>
  );
}

/** A PNG/JPEG picked in the browser, read as a data URL (the server resizes and scales it). */
export function ImagePicker({ onImage }: { onImage(dataUrl: string): void }) {
  return (
    <label className="app-field">
      <span>Image (PNG or JPEG)</span>
      <input
        type="file"
        accept="image/png,image/jpeg"
        data-testid="tryit-image-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          const reader = new FileReader();
          reader.onload = () => typeof reader.result === 'string' && onImage(reader.result);
          reader.readAsDataURL(file);
        }}
      />
    </label>
  );
}
