import type { StreamingEvent, StreamingListener } from './events.ts';

/**
 * Delivers events to listeners synchronously, in order. A listener that throws is reported on stderr and
 * does not stop the others or the engine.
 */
export class ListenerBus {
  readonly #listeners = new Set<StreamingListener>();

  /** Whether anyone listens: events (and the copies they carry) need not be built otherwise. */
  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  add(listener: StreamingListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  post(event: StreamingEvent): void {
    for (const listener of this.#listeners) {
      try {
        let result: unknown;
        if (typeof listener === 'function') result = listener(event);
        else {
          const key = `on${event.type[0].toUpperCase()}${event.type.slice(1)}` as keyof typeof listener;
          result = (listener[key] as ((e: StreamingEvent) => unknown) | undefined)?.call(listener, event);
        }
        // An async listener's rejection would otherwise be unhandled, which ends the Node process.
        if (isPromiseLike(result)) result.then(undefined, (e: unknown) => report(event, e));
      } catch (e) {
        report(event, e);
      }
    }
  }
}

function report(event: StreamingEvent, error: unknown): void {
  process.stderr.write(`sluice: a streaming listener threw on ${event.type}: ${String(error)}\n`);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
