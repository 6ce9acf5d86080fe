/**
 * Draws LayerLab's app icon (a small layered network on a blue tile) as resources/icon.svg and a
 * 512×512 resources/icon.png, from one list of shapes, with Node's own zlib: no image package needed.
 * electron-builder turns icon.png into .icns/.ico on the packaging machine.
 * Run: node scripts/make-icons.mjs (the files are committed; rerun only when the design changes).
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Icon size in pixels (electron-builder wants at least 512×512 for macOS). */
export const SIZE = 512;

const TILE = { x: 32, y: 32, size: 448, radius: 96, top: [37, 99, 235], bottom: [29, 78, 216] };
const LAYERS = [
  [176, 336],
  [136, 256, 376],
  [196, 316],
];
const COLUMN_X = [136, 256, 376];
const NODE_R = 30;
const EDGE_W = 10;
const WHITE = [255, 255, 255];
const EDGE = [191, 219, 254];

/** Every node's centre, layer by layer. */
function nodes() {
  return LAYERS.flatMap((ys, i) => ys.map((y) => ({ x: COLUMN_X[i], y, layer: i })));
}

/** Every edge: each node to each node of the next layer. */
function edges() {
  const all = nodes();
  return all.flatMap((a) => all.filter((b) => b.layer === a.layer + 1).map((b) => ({ a, b })));
}

/** The icon as SVG text. */
export function iconSvg() {
  const lines = edges()
    .map(({ a, b }) => `<line x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}"/>`)
    .join('');
  const circles = nodes()
    .map((n) => `<circle cx="${n.x}" cy="${n.y}" r="${NODE_R}"/>`)
    .join('');
  const rgb = (c) => `rgb(${c.join(',')})`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
<title>LayerLab</title>
<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${rgb(TILE.top)}"/><stop offset="1" stop-color="${rgb(TILE.bottom)}"/></linearGradient></defs>
<rect x="${TILE.x}" y="${TILE.y}" width="${TILE.size}" height="${TILE.size}" rx="${TILE.radius}" fill="url(#bg)"/>
<g stroke="${rgb(EDGE)}" stroke-width="${EDGE_W}" stroke-linecap="round">${lines}</g>
<g fill="${rgb(WHITE)}">${circles}</g>
</svg>
`;
}

// Signed distances (negative inside), so coverage is a clamp and the edges come out anti-aliased.
const sdRoundRect = (px, py) => {
  const h = TILE.size / 2;
  const cx = TILE.x + h;
  const cy = TILE.y + h;
  const qx = Math.abs(px - cx) - (h - TILE.radius);
  const qy = Math.abs(py - cy) - (h - TILE.radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - TILE.radius;
};
const sdSegment = (px, py, a, b) => {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - a.x - t * dx, py - a.y - t * dy) - EDGE_W / 2;
};
const coverage = (d) => Math.max(0, Math.min(1, 0.5 - d));

/** The icon as RGBA pixels, row by row. */
export function iconPixels() {
  const px = new Uint8Array(SIZE * SIZE * 4);
  const ns = nodes();
  const es = edges();
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      const tile = coverage(sdRoundRect(cx, cy));
      const t = (cy - TILE.y) / TILE.size;
      let c = TILE.top.map((v, i) => v + (TILE.bottom[i] - v) * Math.max(0, Math.min(1, t)));
      const edge = Math.max(0, ...es.map(({ a, b }) => coverage(sdSegment(cx, cy, a, b))));
      c = c.map((v, i) => v + (EDGE[i] - v) * edge);
      const node = Math.max(0, ...ns.map((n) => coverage(Math.hypot(cx - n.x, cy - n.y) - NODE_R)));
      c = c.map((v, i) => v + (WHITE[i] - v) * node);
      const o = (y * SIZE + x) * 4;
      px[o] = Math.round(c[0]);
      px[o + 1] = Math.round(c[1]);
      px[o + 2] = Math.round(c[2]);
      px[o + 3] = Math.round(tile * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** CRC-32 as PNG chunks need it. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** RGBA pixels → PNG file bytes (8-bit RGBA, no filtering). */
export function encodePng(pixels, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
  writeFileSync(join(dir, 'icon.svg'), iconSvg());
  writeFileSync(join(dir, 'icon.png'), encodePng(iconPixels(), SIZE, SIZE));
  console.log(`Wrote ${join(dir, 'icon.svg')} and icon.png (${SIZE}×${SIZE}).`);
}
