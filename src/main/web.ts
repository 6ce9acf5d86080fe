/** Web host entry: `npm run web` / `layerlab web`. Serves the same UI to a browser. */
import { parseArgs } from 'node:util';
import { runWebHost } from './web-host';
import { defaultDataDir } from './paths';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
  },
  allowPositionals: true,
  strict: false,
});

const dataDir = (values['data-dir'] as string | undefined) ?? defaultDataDir();
runWebHost({ dataDir, port: Number(values.port), host: values.host as string })
  .then((server) => {
    console.log(`LayerLab is running. Open this address in your browser:\n\n  ${server.url}\n\nData folder: ${dataDir}\nPress Ctrl+C to stop.`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((err: Error & { code?: string }) => {
    console.error(
      err.code === 'EADDRINUSE'
        ? `Port ${values.port} is already in use. Start with --port <another number>.`
        : `LayerLab could not start: ${err.message}`,
    );
    process.exit(1);
  });
