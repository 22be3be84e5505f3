/**
 * Cuts a byte stream into lines ended by `\n` or `\r\n`, across chunk boundaries (a line split between
 * chunks is joined), handing each line's bytes, line end removed, to the caller. It works on bytes, so
 * the caller decides what invalid UTF-8 means, and it can drop the rest of a line that grew too long
 * without keeping it.
 */
export class LineSplitter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The bytes until the next line end belong to a line already dropped. */
  #discarding = false;

  /** The lines completed by `chunk`, as bytes. */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      start = end + 1;
      if (this.#discarding) {
        this.#discarding = false;
        continue;
      }
      const line = this.#pendingBytes === 0 ? piece : Buffer.concat([...this.#pending, piece]);
      this.#pending = [];
      this.#pendingBytes = 0;
      lines.push(stripCarriageReturn(line));
    }
    if (start < chunk.length && !this.#discarding) {
      this.#pending.push(chunk.subarray(start));
      this.#pendingBytes += chunk.length - start;
    }
    return lines;
  }

  /**
   * The lines completed by `chunk`, decoded with invalid UTF-8 replaced by U+FFFD. The same lines as
   * {@link push}, decoded, since no UTF-8 sequence holds a `\n` byte; the lines wholly inside the chunk
   * are decoded in one go, which costs a fraction of decoding them one by one.
   */
  pushText(chunk: Buffer): string[] {
    const first = chunk.indexOf(10);
    if (first === -1) return this.push(chunk).map(decode);
    const lines = this.push(chunk.subarray(0, first + 1)).map(decode);
    const last = chunk.lastIndexOf(10);
    if (last > first) {
      for (const line of chunk.toString('utf8', first + 1, last).split('\n')) {
        lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      }
    }
    if (last + 1 < chunk.length) this.push(chunk.subarray(last + 1));
    return lines;
  }

  /** Bytes of the line not yet ended. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** The bytes of the line not yet ended. */
  pending(): Buffer {
    return Buffer.concat(this.#pending);
  }

  /** Drops the line not yet ended, and the rest of it up to its line end. */
  discardPending(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#discarding = true;
  }

  /** At the end of the stream: the last line when it had no line end (a reader returns it too). */
  end(): Buffer[] {
    const rest = Buffer.concat(this.#pending);
    const dropped = this.#discarding;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#discarding = false;
    return rest.length === 0 || dropped ? [] : [stripCarriageReturn(rest)];
  }
}

function decode(line: Buffer): string {
  return line.toString('utf8');
}

function stripCarriageReturn(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, -1) : line;
}
