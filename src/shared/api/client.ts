import { ApiError, type CallResult } from './errors';
import type { EventName, Events, MethodInput, MethodName, MethodOutput } from './contract';

/** What a transport must do: carry one call, and subscribe to events. */
export interface Transport {
  call(method: string, input: unknown): Promise<CallResult<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

/** The typed client every caller uses, whatever the transport. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void;
}

/** Wrap a transport: unwrap results, turn error envelopes into ApiError. */
export function createClient(transport: Transport): ApiClient {
  return {
    async call(method, input) {
      const res = await transport.call(method, input);
      if (!res.ok) throw new ApiError(res.error.code, res.error.message, res.error.details);
      return res.result as MethodOutput<typeof method>;
    },
    on(event, cb) {
      return transport.on(event, cb as (p: unknown) => void);
    },
  };
}
