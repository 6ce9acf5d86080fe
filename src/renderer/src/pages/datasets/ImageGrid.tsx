import { useEffect, useState } from 'react';
import type { DatasetImages } from '../../../../shared/api/types';
import { api } from '../../api';
import { reportError } from '../../state/errors';

/** A grid of stored images of one class (the class is chosen above the grid). */
export function ImageGrid({ versionId, classes }: { versionId: string; classes: string[] }) {
  const [cls, setCls] = useState(classes[0] ?? '');
  const [images, setImages] = useState<DatasetImages | null>(null);
  useEffect(() => setCls(classes[0] ?? ''), [versionId, classes]);
  useEffect(() => {
    if (!cls) return;
    let live = true;
    setImages(null);
    api
      .call('datasets.images', { versionId, className: cls, limit: 32 })
      .then((r) => live && setImages(r))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [versionId, cls]);
  return (
    <div className="ds-images">
      <label className="app-field app-field-inline">
        <span>Class</span>
        <select data-testid="image-class" value={cls} onChange={(e) => setCls(e.target.value)}>
          {classes.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <div className="ds-grid" data-testid="image-grid">
        {!images && <span className="app-muted">Loading images…</span>}
        {images?.images.map((im) => <img key={`${im.split}-${im.index}`} src={im.dataUrl} alt={`${cls} #${im.index} (${im.split})`} title={`${im.split} #${im.index}`} />)}
        {images && images.images.length === 0 && <span className="app-muted">No images of this class.</span>}
      </div>
    </div>
  );
}
