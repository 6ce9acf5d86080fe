import type { HandlerInput } from '../../shared/api/contract';
import type { BackendReport } from '../../shared/api/types';
import { detectBackends } from '../engine/backend';
import type { ServiceContext } from './context';

/** The app and system domains: identity, backend report and pinning, native dialogs. */
export function systemService(ctx: ServiceContext) {
  let cached: Promise<BackendReport> | null = null;
  const report = () => (cached ??= detectBackends({ pinned: ctx.repos.settings.get('pinnedBackend') ?? null }));
  return {
    'app.info': () => ({ name: 'LayerLab', version: ctx.version, host: ctx.host, dataDir: ctx.dataDir }),
    'system.backends': () => report(),
    'system.pinBackend': ({ backend }: HandlerInput<'system.pinBackend'>) => {
      ctx.repos.settings.set('pinnedBackend', backend);
      cached = null;
      return report();
    },
    'system.pickDirectory': async ({ title }: HandlerInput<'system.pickDirectory'>) => {
      if (!ctx.pickDirectory) return { supported: false, path: null };
      return { supported: true, path: await ctx.pickDirectory(title ?? 'Choose a folder') };
    },
  };
}
