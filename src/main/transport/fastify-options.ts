/** Slow-client limits shared by every HTTP server LayerLab runs (web host, model service). */
export interface Timeouts {
  /** Whole request (headers + body) must arrive within this. */
  requestMs?: number;
  /** Socket inactivity limit. */
  connectionMs?: number;
  /** How often Node checks the request timeouts (its default, 30 s, lets a trickling client linger). */
  checkEveryMs?: number;
}

/** Fastify options that refuse slow or oversized clients and never wait on idle sockets at shutdown. */
export function hardenedFastifyOptions(bodyLimit: number, timeouts: Timeouts = {}) {
  const requestTimeout = timeouts.requestMs ?? 30_000;
  return {
    bodyLimit,
    requestTimeout,
    connectionTimeout: timeouts.connectionMs ?? 60_000,
    http: { connectionsCheckingInterval: timeouts.checkEveryMs ?? 2_000, headersTimeout: Math.min(requestTimeout, 60_000) },
    logger: false,
    forceCloseConnections: true,
  } as const;
}
