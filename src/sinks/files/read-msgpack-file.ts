import { readFileSync } from 'node:fs';
import { CodecError, decodeValues } from '../../core/index.ts';

/**
 * The records of a part file written by `msgpackFilesSink`, in order.
 * @throws CodecError naming the file when it is cut short or is not msgpack
 */
export function readMsgpackFile(path: string): unknown[] {
  const bytes = readFileSync(path);
  try {
    return decodeValues(bytes);
  } catch (e) {
    throw new CodecError(`${path}: ${(e as Error).message}`, e);
  }
}
