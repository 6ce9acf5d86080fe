import type { Transport } from '../../shared/api/client';
import type { CallResult } from '../../shared/api/errors';

/** Node-side HTTP transport (contract tests, CLI against a remote host): calls only, no events. */
export function nodeHttpTransport(baseUrl: string, token: string): Transport {
  return {
    async call(method, input) {
      const res = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-layerlab-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as CallResult<unknown>;
    },
    on() {
      return () => undefined;
    },
  };
}
