import { join } from 'node:path';
import { appRoot } from './app-root';
import { createHost } from './host';
import { launchChildTrainer } from './engine/launch-child';
import { startWebServer } from './transport/http-server';
import { newToken } from './transport/security';

/** The built renderer (out/renderer), served at / by the web host. */
export const rendererDir = (): string => join(appRoot(), 'out/renderer');

/** Start the web host: services over the data folder, HTTP + WebSocket, the renderer at /. */
export async function runWebHost(opts: { dataDir: string; port?: number; host?: string; token?: string }) {
  const host = createHost({ dataDir: opts.dataDir, host: 'web', launchTrainer: launchChildTrainer });
  const token = opts.token ?? process.env.LAYERLAB_TOKEN ?? newToken();
  const server = await startWebServer({
    handlers: host.handlers,
    bus: host.bus,
    token,
    host: opts.host,
    port: opts.port,
    staticDir: rendererDir(),
    files: { dataDir: opts.dataDir },
  });
  const close = async () => {
    await server.app.close();
    await host.backup;
    host.close();
  };
  return { ...server, token, close };
}
