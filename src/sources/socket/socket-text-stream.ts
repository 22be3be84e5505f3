import { DStream } from '../../dstream/index.ts';
import type { SocketInputDStream } from './socket-input-dstream.ts';
import type { SocketStreamStatus } from './socket-receiver.ts';

/**
 * The stream of `ssc.socketTextStream`: a {@link DStream} of lines that also tells how its connection is
 * doing and how many lines have arrived.
 */
export class SocketTextStream extends DStream<string> {
  readonly #input: SocketInputDStream;

  constructor(input: SocketInputDStream) {
    super(input);
    this.#input = input;
  }

  /** `connecting`, `connected`, `waiting-to-retry`, `failed` (retries used up) or `stopped`. */
  get status(): SocketStreamStatus {
    return this.#input.status;
  }

  /** Lines stored since the start, taken by a batch or not yet. */
  get received(): number {
    return this.#input.received;
  }

  /** Bad lines dropped under `onBadRecord: 'skip'` (each also a `receiverError` event). */
  get skipped(): number {
    return this.#input.skipped;
  }

  /**
   * Resolves once `total` lines have been received since the start; rejects with the source's error if
   * it fails (or stops) first.
   */
  whenReceived(total: number): Promise<void> {
    return this.#input.whenReceived(total);
  }
}
