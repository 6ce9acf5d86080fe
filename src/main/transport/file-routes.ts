import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { ApiError, type CallResult } from '../../shared/api/errors';
import { CHUNK_BYTES, createUploadStore, type UploadStore } from '../fs/uploads';
import { createDownloads, folderSources } from './downloads';
import { describeZodError } from './dispatch';
import { tokenMatches } from './security';
import { zipChunks } from './zip';

/**
 * Uploads and downloads of the web host, beside the contract (whose calls are JSON only):
 *
 *   POST   /files/uploads               {kind, name, bytes, files?} → {id, chunkBytes, maxBytes}
 *   PUT    /files/uploads/:id?offset=N&path=rel   raw bytes (≤ chunkBytes) → {received}
 *   POST   /files/uploads/:id/finish    → {path, name, bytes, files}
 *   DELETE /files/uploads/:id           → {aborted}
 *   POST   /files/outputs               → {directory}: a fresh folder to export/save into for download
 *   POST   /files/links                 {path, filename?} → {url, filename}: a one-time download link
 *   GET    /files/download/:ticket      the file, or the folder as a zip
 *
 * Every route but the last needs the token header; the last needs the random one-time ticket that only
 * a token holder can get. Answers use the contract's envelope ({ok, result} / {ok: false, error}).
 */

const beginInput = z
  .object({ kind: z.enum(['file', 'folder']), name: z.string().min(1).max(1000), bytes: z.number().int().min(0), files: z.number().int().min(0).optional() })
  .strict();
const chunkQuery = z.object({ offset: z.coerce.number().int().min(0), path: z.string().max(4096).optional() }).strict();
const linkInput = z.object({ path: z.string().min(1).max(4096), filename: z.string().max(200).optional() }).strict();
const idParam = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'not an upload id') }).strict();

const parse = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new ApiError('invalid_input', `${what}: ${describeZodError(r.error).message}`);
  return r.data;
};

/** Run a route body and answer in the contract's envelope; unexpected errors are logged, not shown raw. */
async function envelope(what: string, fn: () => unknown): Promise<CallResult<unknown>> {
  try {
    return { ok: true, result: (await fn()) ?? null };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toData() };
    console.error(`[files] ${what} failed:`, err);
    return { ok: false, error: { code: 'internal', message: `${what} failed on the server.` } };
  }
}

export interface FileRoutesOptions {
  token: string;
  dataDir: string;
  /** Largest upload in bytes (2 GiB unless a test says less). */
  maxUploadBytes?: number;
}

export async function registerFileRoutes(app: FastifyInstance, opts: FileRoutesOptions): Promise<{ uploads: UploadStore }> {
  const uploads = createUploadStore({ dataDir: opts.dataDir, maxBytes: opts.maxUploadBytes });
  const downloads = createDownloads({ dataDir: opts.dataDir });
  // Checked before the body is read: a stranger's chunk costs us nothing.
  const needToken = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!tokenMatches(req.headers['x-layerlab-token'] as string | undefined, opts.token))
      return reply.code(401).send({ ok: false, error: { code: 'unauthorized', message: 'A valid token is required.' } });
  };

  await app.register(async (scope) => {
    // Chunks arrive as raw bytes; the parser only exists in this scope, and the limit is one chunk.
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: CHUNK_BYTES }, (_req, body, done) => done(null, body));
    scope.addHook('onRequest', needToken);

    scope.post('/files/uploads', async (req) => envelope('Starting the upload', () => uploads.begin(parse(beginInput, req.body, 'upload'))));
    scope.put('/files/uploads/:id', { bodyLimit: CHUNK_BYTES }, async (req) =>
      envelope('Storing a piece of the upload', async () => {
        const { id } = parse(idParam, req.params, 'upload');
        const { offset, path } = parse(chunkQuery, req.query, 'upload piece');
        if (!Buffer.isBuffer(req.body)) throw new ApiError('invalid_input', 'Send the piece as application/octet-stream.');
        return uploads.write(id, path, offset, req.body);
      }),
    );
    scope.post('/files/uploads/:id/finish', async (req) => envelope('Finishing the upload', () => uploads.finish(parse(idParam, req.params, 'upload').id)));
    scope.delete('/files/uploads/:id', async (req) => envelope('Cancelling the upload', () => uploads.abort(parse(idParam, req.params, 'upload').id)));
    scope.post('/files/outputs', async () => envelope('Making a download folder', () => downloads.newFolder()));
    scope.post('/files/links', async (req) =>
      envelope('Preparing the download', () => {
        const { path, filename } = parse(linkInput, req.body, 'download');
        return downloads.link(path, filename);
      }),
    );
  });

  app.get<{ Params: { ticket: string } }>('/files/download/:ticket', async (req, reply) => {
    let item;
    try {
      item = downloads.take(req.params.ticket);
    } catch (err) {
      return reply.code(404).type('text/plain; charset=utf-8').send((err as Error).message);
    }
    reply.header('content-disposition', `attachment; filename="${item.filename}"`);
    reply.header('cache-control', 'no-store');
    if (item.kind === 'file') return reply.type('application/octet-stream').send(createReadStream(item.path));
    const stem = item.filename.replace(/\.zip$/, '');
    return reply.type('application/zip').send(Readable.from(zipChunks(folderSources(item.path, stem))));
  });

  return { uploads };
}
