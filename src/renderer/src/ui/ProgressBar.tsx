/** A plain horizontal bar, 0..1, with a caption above it. */
export function ProgressBar({ value, caption, testId }: { value: number; caption: string; testId?: string }) {
  const v = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
  return (
    <div className="app-progress" data-testid={testId}>
      <div className="app-progress-caption">{caption}</div>
      <div className="app-progress-track" role="progressbar" aria-label={caption} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(v * 100)}>
        <div className="app-progress-fill" style={{ width: `${v * 100}%` }} />
      </div>
    </div>
  );
}
