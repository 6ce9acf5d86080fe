import type { Handlers } from '../../shared/api/contract';
import type { Transport } from '../../shared/api/client';
import { dispatch } from './dispatch';
import type { EventBus } from '../services/event-bus';

/**
 * The in-process transport (CLI, tests). Inputs and outputs go through a JSON round trip so that
 * in-process callers see exactly what HTTP and IPC callers see.
 */
export function inProcessTransport(handlers: Handlers, bus: EventBus): Transport {
  return {
    async call(method, input) {
      const wire = input === undefined ? undefined : JSON.parse(JSON.stringify(input));
      return JSON.parse(JSON.stringify(await dispatch(handlers, method, wire)));
    },
    on(event, cb) {
      return bus.subscribe((name, payload) => {
        if (name === event) cb(JSON.parse(JSON.stringify(payload)));
      });
    },
  };
}
