import { StringDecoder } from 'node:string_decoder';

/**
 * Cuts a byte stream into UTF-8 lines ended by `\n` or `\r\n`, across chunk boundaries (a character or
 * a line split between two chunks is joined). Invalid UTF-8 becomes U+FFFD, as a Java reader makes it.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  #partial = '';

  /** The lines completed by `chunk`. */
  push(chunk: Buffer): string[] {
    const text = this.#partial + this.#decoder.write(chunk);
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    return lines.map(stripCarriageReturn);
  }

  /** Characters of the line not yet ended. */
  get pendingLength(): number {
    return this.#partial.length;
  }

  /** At the end of the stream: the last line when it had no line end (a reader returns it too). */
  end(): string[] {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = '';
    return rest === '' ? [] : [stripCarriageReturn(rest)];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
