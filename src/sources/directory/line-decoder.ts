import { describe } from '../../core/index.ts';

/**
 * How a file source turns a file's lines into records: `'text'` keeps each line as a string, `'json'`
 * parses each non-blank line as JSON (JSON Lines), and a function decodes each line itself (throwing
 * for a line it cannot decode).
 */
export type FileDecoder<T> = 'text' | 'json' | ((line: string) => T);

/** A line's record, or why the line is a bad record; `skip` for lines that hold no record (blank JSON lines). */
export type DecodedLine<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string }
  | 'skip';

/** The decoder as one function over a line. */
export function lineDecoder<T>(decoder: FileDecoder<T>): (line: string) => DecodedLine<T> {
  if (decoder === 'text') return (line) => ({ ok: true, value: line as T });
  if (decoder === 'json') {
    return (line) => {
      if (line.trim() === '') return 'skip';
      try {
        return { ok: true, value: JSON.parse(line) as T };
      } catch (e) {
        return { ok: false, reason: `invalid JSON: ${describe(e)}` };
      }
    };
  }
  return (line) => {
    try {
      return { ok: true, value: decoder(line) };
    } catch (e) {
      return { ok: false, reason: describe(e) };
    }
  };
}

/** The lines of a text file, split at `\n`, `\r\n` or `\r` as Hadoop's line reader does; a final newline ends the last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
