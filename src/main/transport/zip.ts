import { crc32, deflateRawSync } from 'node:zlib';
import { ApiError } from '../../shared/api/errors';

/**
 * A small ZIP writer for downloads (an export folder, saved model files): one entry at a time, each
 * deflated when that makes it smaller and stored otherwise, with CRC-32 from node:zlib. Classic ZIP only
 * (no ZIP64): archives past 4 GiB or 65,535 entries are refused in words, which no LayerLab output
 * reaches. Each entry is held in memory while it is written, so memory is bounded by the largest file.
 */

/** One file of the archive: a `/`-separated name and a way to read its bytes when its turn comes. */
export interface ZipSource {
  name: string;
  read(): Promise<Uint8Array> | Uint8Array;
  /** Modification time stored in the entry (now when absent). */
  mtime?: Date;
}

const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;
const UTF8_NAMES = 1 << 11;

/** MS-DOS date and time fields (2-second resolution, years 1980–2107). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Written {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  time: number;
  date: number;
  offset: number;
}

function localHeader(e: Written): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(e.time, 10);
  h.writeUInt16LE(e.date, 12);
  h.writeUInt32LE(e.crc, 14);
  h.writeUInt32LE(e.compressed, 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, e.name]);
}

function centralHeader(e: Written): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below is read)
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(UTF8_NAMES, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(e.time, 12);
  h.writeUInt16LE(e.date, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.compressed, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  // extra, comment, disk number, internal attributes: 0
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, e.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

/** Entry names as every unzip tool accepts them: relative, `/`-separated, no `..`, no empty parts. */
function checkName(name: string): Buffer {
  const parts = name.split('/');
  if (!name || name.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..') || name.includes('\\'))
    throw new ApiError('invalid_input', `"${name.slice(0, 80)}" cannot be a file name inside a zip.`);
  return Buffer.from(name, 'utf8');
}

/** The archive as a sequence of chunks (local header + data per entry, then the central directory). */
export async function* zipChunks(sources: Iterable<ZipSource> | AsyncIterable<ZipSource>): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  let offset = 0;
  const tooBig = () => new ApiError('invalid_input', 'These files are too many or too large for one zip (over 4 GiB or 65,535 files); download them in parts.');
  for await (const src of sources) {
    if (written.length >= MAX_ENTRIES) throw tooBig();
    const name = checkName(src.name);
    const data = Buffer.from(await src.read());
    const deflated = data.length > 0 ? deflateRawSync(data) : data;
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const entry: Written = {
      name,
      method: useDeflate ? 8 : 0,
      crc: crc32(data) >>> 0,
      compressed: body.length,
      size: data.length,
      ...dosDateTime(src.mtime ?? new Date()),
      offset,
    };
    const header = localHeader(entry);
    if (data.length > MAX_OFFSET || offset + header.length + body.length > MAX_OFFSET) throw tooBig();
    offset += header.length + body.length;
    written.push(entry);
    yield header;
    yield body;
  }
  const central = Buffer.concat(written.map(centralHeader));
  if (offset + central.length > MAX_OFFSET) throw tooBig();
  yield central;
  yield endOfCentralDirectory(written.length, central.length, offset);
}

/** A whole archive in memory (small archives, tests). */
export async function zipBuffer(sources: Iterable<ZipSource>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of zipChunks(sources)) parts.push(chunk);
  return Buffer.concat(parts);
}
