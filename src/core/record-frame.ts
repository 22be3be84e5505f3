import { crc32 } from 'node:zlib';
import { InvalidArgumentError } from './errors.ts';

/** Bytes before each framed record's payload: length (u32, big-endian) then CRC-32 of the length bytes and the payload. */
export const FRAME_HEADER_BYTES = 8;

/** The largest payload one frame can carry. */
export const MAX_FRAME_PAYLOAD_BYTES = 0xffff_ffff;

/**
 * Frames one record for an append-only log: `[length u32][crc32 u32][payload]`, big-endian. The CRC
 * covers the four length bytes as well as the payload, so a header of zeros (a file extended but never
 * written, as a file system may leave one after a power loss) or a damaged length is a CRC mismatch rather
 * than a valid empty record.
 *
 * @throws {InvalidArgumentError} when the payload is longer than {@link MAX_FRAME_PAYLOAD_BYTES}.
 */
export function frameRecord(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_FRAME_PAYLOAD_BYTES) {
    throw new InvalidArgumentError(
      `A framed record holds at most ${MAX_FRAME_PAYLOAD_BYTES} bytes; got ${payload.length} bytes`,
    );
  }
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  view.setUint32(4, crc32(payload, crc32(out.subarray(0, 4))));
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** Where and why reading frames stopped before the end of the bytes. */
export interface FrameDefect {
  /** Byte offset of the frame that could not be read. */
  readonly offset: number;
  readonly reason: 'truncated-header' | 'truncated-payload' | 'crc-mismatch';
}

/** The records read from a framed log and, if reading stopped early, why. */
export interface FrameReadResult {
  readonly payloads: Uint8Array[];
  /** Offsets of each payload's frame, parallel to `payloads`. */
  readonly offsets: number[];
  /** Bytes of complete, valid frames from the start; a writer may truncate to this and append. */
  readonly validBytes: number;
  readonly defect: FrameDefect | undefined;
}

/**
 * Reads framed records from the start of `bytes`, stopping at the first frame that is truncated or fails
 * its CRC. Whether a defect is tolerable (a torn tail of the newest segment) or an error (inside a sealed
 * segment) is the caller's decision, so the defect is returned, not thrown.
 */
export function readFrames(bytes: Uint8Array): FrameReadResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloads: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  let defect: FrameDefect | undefined;
  while (offset < bytes.length) {
    if (bytes.length - offset < FRAME_HEADER_BYTES) {
      defect = { offset, reason: 'truncated-header' };
      break;
    }
    const length = view.getUint32(offset);
    const start = offset + FRAME_HEADER_BYTES;
    if (bytes.length - start < length) {
      defect = { offset, reason: 'truncated-payload' };
      break;
    }
    const payload = bytes.subarray(start, start + length);
    if (crc32(payload, crc32(bytes.subarray(offset, offset + 4))) !== view.getUint32(offset + 4)) {
      defect = { offset, reason: 'crc-mismatch' };
      break;
    }
    payloads.push(payload);
    offsets.push(offset);
    offset = start + length;
  }
  return { payloads, offsets, validBytes: offset, defect };
}
