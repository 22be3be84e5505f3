// Waiting on listener events instead of sleeping: a test records a context's events and awaits the one
// it needs; the clock only moves when the test moves it.
import type { StreamingContext, StreamingEvent } from '../../src/index.ts';

export type EventOf<K extends StreamingEvent['type']> = Extract<StreamingEvent, { type: K }>;

/** Every event a context posts, in order, and promises for events still to come. */
export class EventLog {
  readonly events: StreamingEvent[] = [];
  #waiters: { test: (e: StreamingEvent) => boolean; resolve: (e: StreamingEvent) => void }[] = [];

  constructor(ssc: StreamingContext) {
    ssc.addStreamingListener((e) => this.#record(e));
  }

  #record(event: StreamingEvent): void {
    this.events.push(event);
    for (const w of this.#waiters.filter((w) => w.test(event))) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve(event);
    }
  }

  /** The events of one type, in order. */
  of<K extends StreamingEvent['type']>(type: K): EventOf<K>[] {
    return this.events.filter((e): e is EventOf<K> => e.type === type);
  }

  /** Event types in order, with the batch time where there is one: `batchStarted 1000`. */
  timeline(): string[] {
    return this.events.map((e) => {
      if ('batch' in e) return `${e.type} ${e.batch.batchTime}`;
      if ('outputOperation' in e) return `${e.type} ${e.outputOperation.batchTime}.${e.outputOperation.id}`;
      return e.type;
    });
  }

  /** Batch times of the `batchCompleted` events so far. */
  completedTimes(): number[] {
    return this.of('batchCompleted').map((e) => e.batch.batchTime);
  }

  /** The first event of `type` that passes `test`, whether already posted or still to come. */
  waitFor<K extends StreamingEvent['type']>(
    type: K,
    test: (e: EventOf<K>) => boolean = () => true,
  ): Promise<EventOf<K>> {
    const matches = (e: StreamingEvent): e is EventOf<K> => e.type === type && test(e as EventOf<K>);
    const seen = this.events.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ test: matches, resolve: (e) => resolve(e as EventOf<K>) }));
  }

  /** Resolves once the batch at `timeMs` has completed. */
  batchCompleted(timeMs: number): Promise<EventOf<'batchCompleted'>> {
    return this.waitFor('batchCompleted', (e) => e.batch.batchTime === timeMs);
  }
}

/**
 * Lets every callback already queued run (promise reactions and I/O callbacks), so a test can check
 * that nothing more happens. Not a sleep: no time passes on any clock.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The line this function is called from, to compare with the `file:line` Sluice reports for a stream. */
export function lineHere(): number {
  const frame = new Error().stack?.split('\n')[2] ?? '';
  const m = /:(\d+):\d+\)?$/.exec(frame.trim());
  if (m === null) throw new Error(`no line number in stack frame ${frame}`);
  return Number(m[1]);
}
