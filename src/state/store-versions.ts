import { IllegalStateError } from '../core/index.ts';

/**
 * The version bookkeeping every state store shares, with its rules and errors: the latest committed
 * version, the update under way, the versions released (no longer read), the checkpoint mark, and
 * whether the store is closed. A store keeps its data; this keeps what may be asked of it.
 */
export class StoreVersions {
  #latest: number | undefined;
  #writing: number | undefined;
  #releasedBefore = Number.NEGATIVE_INFINITY;
  #mark: number | undefined;
  #closed = false;

  /** The latest committed version, or `undefined` when nothing was committed or restored. */
  get latest(): number | undefined {
    return this.#latest;
  }
  /** The version being written, or `undefined` outside an update. */
  get writing(): number | undefined {
    return this.#writing;
  }
  get closed(): boolean {
    return this.#closed;
  }
  /** Versions before this one will not be read any more. */
  get releasedBefore(): number {
    return this.#releasedBefore;
  }
  /** Changes after this version are kept, for `changesSince`: the mark's, or the release's when earlier. */
  get changesKeptFrom(): number {
    const mark = this.#mark;
    return mark === undefined ? this.#releasedBefore : Math.min(mark, this.#releasedBefore);
  }

  /**
   * Starts writing `version`.
   * @throws IllegalStateError when the store is closed, an update is under way, or `version` is not after
   *   the latest version
   */
  beginUpdate(version: number): void {
    this.requireOpen();
    if (this.#writing !== undefined) {
      throw new IllegalStateError(
        `state store: cannot update version ${version} while version ${this.#writing} is being written`,
      );
    }
    if (this.#latest !== undefined && version <= this.#latest) {
      throw new IllegalStateError(
        `state store: version ${version} is not after the latest version ${this.#latest}; versions only move forward`,
      );
    }
    this.#writing = version;
  }

  /** Ends the update under way: its version becomes the latest when `committed`. */
  endUpdate(committed: boolean): void {
    if (committed && this.#writing !== undefined) this.#latest = this.#writing;
    this.#writing = undefined;
  }

  /** Versions before `version` will not be read any more (releases only move forward). */
  release(version: number): void {
    this.requireOpen();
    if (version > this.#releasedBefore) this.#releasedBefore = version;
  }

  /**
   * A checkpoint now holds `version`.
   * @throws IllegalStateError when it is not committed, its changes are no longer kept, or an update is under way
   */
  mark(version: number): void {
    this.requireIdle('markCheckpoint');
    if (this.#latest === undefined || version > this.#latest) {
      throw new IllegalStateError(
        `state store: cannot mark version ${version} as checkpointed: the latest committed version is ${this.#latest ?? 'none'}`,
      );
    }
    this.requireKept(version, 'mark a checkpoint at');
    this.#mark = version;
  }

  /** The store now holds `version` alone, as restored: it is the latest, the mark, and nothing before it is kept. */
  restored(version: number): void {
    this.#latest = version;
    this.#releasedBefore = version;
    this.#mark = version;
  }

  close(): void {
    this.#closed = true;
  }

  /** @throws IllegalStateError when the store is closed */
  requireOpen(): void {
    if (this.#closed) throw new IllegalStateError('state store is closed');
  }

  /** @throws IllegalStateError when the store is closed or an update is under way */
  requireIdle(what: string): void {
    this.requireOpen();
    if (this.#writing !== undefined) {
      throw new IllegalStateError(`state store: cannot ${what} while version ${this.#writing} is being written`);
    }
  }

  /**
   * @throws IllegalStateError when `version` is before `from` (by default, the oldest version whose
   *   changes are kept)
   */
  requireKept(version: number, what: string, from = this.changesKeptFrom): void {
    if (version < from) {
      throw new IllegalStateError(
        `state store: cannot ${what} version ${version}: versions before ${from} are no longer kept`,
      );
    }
  }
}
