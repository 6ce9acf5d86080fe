import type { EventName, Events } from '../../shared/api/contract';

type Listener = (event: EventName, payload: unknown) => void;

/** Fan-out of contract events to every attached transport (WebSocket, IPC, CLI). */
export class EventBus {
  private listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error('[events] listener failed', err);
      }
    }
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
