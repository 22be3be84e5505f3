import type { StreamingEvent, StreamingListener } from './events.ts';

/**
 * Delivers events to listeners synchronously, in order. A listener that throws is reported on stderr and
 * does not stop the others or the engine.
 */
export class ListenerBus {
  readonly #listeners = new Set<StreamingListener>();

  add(listener: StreamingListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  post(event: StreamingEvent): void {
    for (const listener of this.#listeners) {
      try {
        if (typeof listener === 'function') listener(event);
        else {
          const key = `on${event.type[0].toUpperCase()}${event.type.slice(1)}` as keyof typeof listener;
          (listener[key] as ((e: StreamingEvent) => void) | undefined)?.(event);
        }
      } catch (e) {
        process.stderr.write(`sluice: a streaming listener threw on ${event.type}: ${String(e)}\n`);
      }
    }
  }
}
