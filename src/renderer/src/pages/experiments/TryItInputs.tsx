import { useEffect, useRef, useState, type PointerEvent } from 'react';
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

/** Read a picked or dropped image as a data URL (the server resizes and scales it as the import did). */
function readImage(file: File | undefined, onImage: (dataUrl: string) => void, onError: (message: string) => void): void {
  if (!file) return;
  if (!/^image\/(png|jpeg)$/.test(file.type)) return onError(`${file.name} is not a PNG or JPEG image.`);
  const reader = new FileReader();
  reader.onload = () => typeof reader.result === 'string' && onImage(reader.result);
  reader.onerror = () => onError(`${file.name} could not be read.`);
  reader.readAsDataURL(file);
}

/** A PNG/JPEG picked with the file chooser or dropped on the box. */
export function ImagePicker({ onImage, onError }: { onImage(dataUrl: string): void; onError(message: string): void }) {
  const [over, setOver] = useState(false);
  return (
    <label
      className={`app-field app-tryit-drop${over ? ' app-tryit-drop-over' : ''}`}
      data-testid="tryit-image-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        readImage(e.dataTransfer.files[0], onImage, onError);
      }}
    >
      <span>Image (PNG or JPEG): pick one or drop it here</span>
      <input type="file" accept="image/png,image/jpeg" data-testid="tryit-image-file" onChange={(e) => readImage(e.target.files?.[0], onImage, onError)} />
    </label>
  );
}

const PAD = 280;

/**
 * A drawing pad for 28×28 grayscale models (digits): white strokes on black, as MNIST's digits are, drawn
 * ten times larger; each finished stroke is sent as a PNG, which the server shrinks to 28×28 as the
 * import would. The background is painted, not transparent, since transparent pixels are read as white.
 */
export function DrawPad({ onImage }: { onImage(dataUrl: string): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const clear = () => {
    const g = canvas.current?.getContext('2d');
    if (!g) return;
    g.fillStyle = '#000';
    g.fillRect(0, 0, PAD, PAD);
  };
  useEffect(clear, []);
  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD };
  };
  const stroke = (to: { x: number; y: number }) => {
    const g = canvas.current?.getContext('2d');
    if (!g) return;
    const from = last.current ?? to;
    g.strokeStyle = '#fff';
    g.lineWidth = 22;
    g.lineCap = 'round';
    g.beginPath();
    g.moveTo(from.x, from.y);
    g.lineTo(to.x, to.y);
    g.stroke();
    last.current = to;
  };
  const end = () => {
    if (!last.current) return;
    last.current = null;
    if (canvas.current) onImage(canvas.current.toDataURL('image/png'));
  };
  return (
    <div className="app-field">
      <span>Or draw (white on black, as the digits are)</span>
      <canvas
        ref={canvas}
        width={PAD}
        height={PAD}
        className="app-tryit-pad"
        data-testid="tryit-draw"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          stroke(at(e));
        }}
        onPointerMove={(e) => last.current && stroke(at(e))}
        onPointerUp={end}
        onPointerLeave={end}
      />
      <button type="button" className="app-btn" style={{ alignSelf: 'flex-start' }} data-testid="tryit-draw-clear" onClick={clear}>
        Clear
      </button>
    </div>
  );
}
