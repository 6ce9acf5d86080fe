import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * A NumPy .npz file (a zip of .npy arrays, stored uncompressed) written without Python, so train.py reads
 * the dataset version's preprocessed arrays with a plain `np.load`. Format: numpy's "NEP 1" .npy v1.0
 * (little-endian, C order) inside a zip with STORED entries.
 */

export interface NpyArray {
  data: Float32Array | Int32Array;
  shape: number[];
}

const DESCR = { Float32Array: '<f4', Int32Array: '<i4' } as const;
/** Zip entries past this size need zip64, which these files never need (a refusal keeps the file valid). */
const ZIP32_LIMIT = 0xffffffff;

function npy(a: NpyArray): Buffer {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  const descr = a.data instanceof Float32Array ? DESCR.Float32Array : DESCR.Int32Array;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

/** Write `arrays` (name → array) as an .npz file at `file`. */
export function writeNpz(file: string, arrays: Record<string, NpyArray>): void {
  const fd = openSync(file, 'w');
  try {
    const central: Buffer[] = [];
    let offset = 0;
    const write = (b: Buffer) => {
      writeSync(fd, b);
      offset += b.length;
    };
    for (const [name, a] of Object.entries(arrays)) {
      const data = npy(a);
      if (data.length >= ZIP32_LIMIT || offset >= ZIP32_LIMIT)
        throw new Error(`the training data is over 4 GB, too large for one data.npz`);
      const fileName = Buffer.from(`${name}.npy`, 'utf8');
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed
      local.writeUInt16LE(0, 6); // flags
      local.writeUInt16LE(0, 8); // STORED
      local.writeUInt32LE(0, 10); // time, date
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(fileName.length, 26);
      local.writeUInt16LE(0, 28);
      const at = offset;
      write(local);
      write(fileName);
      write(data);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt32LE(crc, 16);
      entry.writeUInt32LE(data.length, 20);
      entry.writeUInt32LE(data.length, 24);
      entry.writeUInt16LE(fileName.length, 28);
      entry.writeUInt32LE(at, 42);
      central.push(entry, fileName);
    }
    const dirStart = offset;
    const dir = Buffer.concat(central);
    write(dir);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    const count = Object.keys(arrays).length;
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(dirStart, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}
