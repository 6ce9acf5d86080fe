import { useEffect, useState } from 'react';
import { api } from '../../api';
import { errorMessage } from '../../state/errors';
import { gridCells, imageParts, occlude, type Cell, type Occlusion } from './occlusion';

/** Grid cells per side for the image occlusion map. */
export const GRID = 7;

/**
 * The image at the model's size (stretched, transparent pixels on white, as the import reads it) and a
 * way to paint one cell of it over with the image's mean colour, each as a PNG data URL.
 */
export async function imageCoverer(dataUrl: string, width: number, height: number) {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.drawImage(img, 0, 0, width, height);
  const pixels = g.getImageData(0, 0, width, height);
  const mean = [0, 1, 2].map((k) => {
    let sum = 0;
    for (let i = k; i < pixels.data.length; i += 4) sum += pixels.data[i]!;
    return Math.round(sum / (width * height));
  });
  return {
    whole: canvas.toDataURL('image/png'),
    cover(cell: Cell) {
      g.putImageData(pixels, 0, 0);
      g.fillStyle = `rgb(${mean.join(',')})`;
      g.fillRect(cell.x, cell.y, cell.w, cell.h);
      return canvas.toDataURL('image/png');
    },
  };
}

/** The image with each grid cell tinted by how much covering it lowers the predicted class. */
export function HeatMap({
  r,
  image,
  cells,
  size,
  classes,
}: {
  r: Occlusion;
  image: string;
  cells: Cell[];
  size: { width: number; height: number };
  classes: string[];
}) {
  const biggest = Math.max(1e-9, ...r.effects.map((e) => e.delta));
  return (
    <div data-testid="why-heatmap">
      <small className="app-muted">
        Where it looks: each square covered in turn; the redder, the more P({classes[r.classIndex]}) falls
        without it.
      </small>
      <div className="app-why-heat">
        <img src={image} alt="The image with its occlusion map" />
        {r.effects.map((e) => {
          const c = cells[Number(e.name)]!;
          return (
            <span
              key={e.name}
              data-testid="why-cell"
              data-delta={e.delta}
              title={`${(e.delta * 100).toFixed(1)} points`}
              style={{
                left: `${(c.x / size.width) * 100}%`,
                top: `${(c.y / size.height) * 100}%`,
                width: `${(c.w / size.width) * 100}%`,
                height: `${(c.h / size.height) * 100}%`,
                background: `rgba(220, 40, 40, ${(Math.max(0, e.delta / biggest) * 0.65).toFixed(2)})`,
              }}
            />
          );
        })}
      </div>
    </div>
  );
}

/** The occlusion map of one image: the model asked once for it and once per covered grid cell. */
export async function explainImage(id: string, dataUrl: string, size: { width: number; height: number }) {
  const covered = await imageCoverer(dataUrl, size.width, size.height);
  const cells = gridCells(size.width, size.height, GRID);
  const probabilities = async (image: string) =>
    (await api.call('experiments.predict', { id, image })).probabilities;
  const r: Occlusion = await occlude(covered.whole, await imageParts(cells, covered.cover), probabilities);
  return { r, image: covered.whole, cells };
}

/**
 * "Where it looks" for one test image of a confusion cell: the same occlusion map as Why? under Try it,
 * for the class the model predicted (on a mistake: why it chose the wrong class).
 */
export function ExampleWhy({ id, image, classes }: { id: string; image: string; classes: string[] }) {
  const [map, setMap] = useState<
    (Awaited<ReturnType<typeof explainImage>> & { size: { width: number; height: number } }) | null
  >(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setMap(null);
    setError(null);
    // The examples are stored at the model's size: the image's own size is the size to cover in.
    const img = new Image();
    img.src = image;
    img
      .decode()
      .then(async () => {
        const size = { width: img.naturalWidth, height: img.naturalHeight };
        const m = await explainImage(id, image, size);
        if (live) setMap({ ...m, size });
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [id, image]);
  return (
    <div className="app-why" data-testid="example-why-panel">
      {error && <div className="app-error-text">{error}</div>}
      {!map && !error && <p className="app-muted">Covering each square in turn…</p>}
      {map && <HeatMap r={map.r} image={map.image} cells={map.cells} size={map.size} classes={classes} />}
    </div>
  );
}
