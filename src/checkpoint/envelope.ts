import { crc32 } from 'node:zlib';
import {
  CheckpointCorruptError,
  CheckpointForeignError,
  CheckpointMismatchError,
  CheckpointVersionError,
  CodecError,
  decodeValue,
  encodeValue,
  InvalidArgumentError,
} from '../core/index.ts';

// Byte layout (big-endian). The first 12 bytes and the CRC trailer are the same in every format
// version, so a reader can tell a torn or corrupted file from one written by a newer Sluice.
//   0  4  magic "SLCK"           4  2  format version        6  2  reserved (0)
//   8  4  total file length, CRC trailer included
//  v1: 12 1 kind  13 1 reserved  14 2 application id length  16 4 fingerprint length
//      20 4 payload length  24 8 position (batch time or state version)
//      32 application id (UTF-8), fingerprint (UTF-8), payload (codec bytes)
//  end-4 4 CRC-32 of every byte before it
const MAGIC = [0x53, 0x4c, 0x43, 0x4b];
const PREFIX_BYTES = 12;
const HEADER_BYTES = 32;
const CRC_BYTES = 4;
const MAX_TOTAL_BYTES = 0xffff_ffff;

/** The format version this Sluice writes and the newest it reads. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** What a checkpoint file holds: a metadata checkpoint, or a full or incremental state snapshot. */
export type CheckpointKind = 'metadata' | 'state-full' | 'state-delta';
const KINDS: readonly CheckpointKind[] = ['metadata', 'state-full', 'state-delta'];

/** The header fields a writer chooses. */
export interface EnvelopeFields {
  readonly kind: CheckpointKind;
  readonly applicationId: string;
  /** Caller-defined fingerprint of the stream graph; compared exactly on read. */
  readonly fingerprint: string;
  /** Batch time (metadata) or state version; a non-negative safe integer, also encoded in the file name. */
  readonly position: number;
}

/** A validated envelope: its header, its decoded payload, and its CRC (chains state deltas). */
export interface DecodedEnvelope {
  readonly header: EnvelopeFields & { readonly formatVersion: number };
  readonly payload: unknown;
  readonly crc: number;
}

/** What the reader requires; omitted fields are not checked. */
export interface EnvelopeExpectation {
  readonly kind?: CheckpointKind;
  readonly applicationId?: string;
  readonly fingerprint?: string;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Wraps a codec-encodable payload into checkpoint file bytes.
 *
 * @throws {InvalidArgumentError} for a position that is not a non-negative safe integer or a file over 4 GiB.
 * @throws {CodecError} when the payload cannot be encoded.
 */
export function encodeEnvelope(fields: EnvelopeFields, payload: unknown): Uint8Array {
  if (!Number.isSafeInteger(fields.position) || fields.position < 0) {
    throw new InvalidArgumentError(
      `Checkpoint position must be a non-negative safe integer; got ${fields.position} for ${fields.kind}`,
    );
  }
  const app = utf8.encode(fields.applicationId);
  const fingerprint = utf8.encode(fields.fingerprint);
  if (app.length > 0xffff) {
    throw new InvalidArgumentError(`applicationId is at most 65535 UTF-8 bytes; got ${app.length}`);
  }
  const body = encodeValue(payload);
  const total = HEADER_BYTES + app.length + fingerprint.length + body.length + CRC_BYTES;
  if (total > MAX_TOTAL_BYTES) {
    throw new InvalidArgumentError(
      `A ${fields.kind} checkpoint is at most ${MAX_TOTAL_BYTES} bytes; this one would be ${total} bytes`,
    );
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, CHECKPOINT_FORMAT_VERSION);
  view.setUint32(8, total);
  view.setUint8(12, KINDS.indexOf(fields.kind) + 1);
  view.setUint16(14, app.length);
  view.setUint32(16, fingerprint.length);
  view.setUint32(20, body.length);
  view.setBigUint64(24, BigInt(fields.position));
  out.set(app, HEADER_BYTES);
  out.set(fingerprint, HEADER_BYTES + app.length);
  out.set(body, HEADER_BYTES + app.length + fingerprint.length);
  view.setUint32(total - CRC_BYTES, crc32(out.subarray(0, total - CRC_BYTES)));
  return out;
}

/**
 * Validates checkpoint file bytes and decodes them: magic, declared length, CRC-32, format version, header,
 * then the expectations (kind, application id, fingerprint), then the payload. `path` is only named in
 * errors.
 *
 * @throws {CheckpointCorruptError} for bad magic, truncation, trailing bytes, CRC mismatch, an inconsistent
 *   header, an unexpected kind or an undecodable payload (a reader may fall back to an older file).
 * @throws {CheckpointVersionError} for a format version newer than {@link CHECKPOINT_FORMAT_VERSION}.
 * @throws {CheckpointForeignError} when the application id differs from the expected one.
 * @throws {CheckpointMismatchError} when the graph fingerprint differs from the expected one.
 */
export function decodeEnvelope(bytes: Uint8Array, path: string, expect: EnvelopeExpectation = {}): DecodedEnvelope {
  const corrupt = (reason: ConstructorParameters<typeof CheckpointCorruptError>[1], detail: string) =>
    new CheckpointCorruptError(path, reason, detail);
  for (let i = 0; i < MAGIC.length && i < bytes.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw corrupt('bad-magic', 'the file does not start with the Sluice checkpoint magic');
  }
  if (bytes.length < PREFIX_BYTES + CRC_BYTES) {
    throw corrupt('truncated', `${bytes.length} bytes is shorter than any checkpoint`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = view.getUint32(8);
  if (bytes.length < total)
    throw corrupt('truncated', `the header declares ${total} bytes, the file has ${bytes.length}`);
  if (bytes.length > total) {
    throw corrupt('trailing-bytes', `the header declares ${total} bytes, the file has ${bytes.length}`);
  }
  const stored = view.getUint32(total - CRC_BYTES);
  const actual = crc32(bytes.subarray(0, total - CRC_BYTES));
  if (stored !== actual) throw corrupt('crc-mismatch', `stored CRC-32 ${hex(stored)}, computed ${hex(actual)}`);
  const formatVersion = view.getUint16(4);
  if (formatVersion > CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointVersionError(path, formatVersion, CHECKPOINT_FORMAT_VERSION);
  }
  if (formatVersion < 1 || total < HEADER_BYTES + CRC_BYTES) {
    throw corrupt('bad-header', `format version ${formatVersion} with ${total} bytes is not a valid header`);
  }
  const kind = KINDS[view.getUint8(12) - 1];
  const appLength = view.getUint16(14);
  const fingerprintLength = view.getUint32(16);
  const payloadLength = view.getUint32(20);
  const position = view.getBigUint64(24);
  if (
    kind === undefined ||
    HEADER_BYTES + appLength + fingerprintLength + payloadLength + CRC_BYTES !== total ||
    position > BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    throw corrupt('bad-header', 'kind, section lengths or position are inconsistent');
  }
  let applicationId: string;
  let fingerprint: string;
  try {
    applicationId = utf8Strict.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + appLength));
    fingerprint = utf8Strict.decode(
      bytes.subarray(HEADER_BYTES + appLength, HEADER_BYTES + appLength + fingerprintLength),
    );
  } catch {
    throw corrupt('bad-header', 'application id or fingerprint is not UTF-8');
  }
  if (expect.kind !== undefined && kind !== expect.kind) {
    throw corrupt('unexpected-kind', `expected a ${expect.kind} checkpoint, found ${kind}`);
  }
  if (expect.applicationId !== undefined && applicationId !== expect.applicationId) {
    throw new CheckpointForeignError(path, expect.applicationId, applicationId);
  }
  if (expect.fingerprint !== undefined && fingerprint !== expect.fingerprint) {
    throw new CheckpointMismatchError(path, expect.fingerprint, fingerprint);
  }
  const start = HEADER_BYTES + appLength + fingerprintLength;
  let payload: unknown;
  try {
    payload = decodeValue(bytes.subarray(start, start + payloadLength));
  } catch (error) {
    if (error instanceof CodecError) throw corrupt('undecodable', error.message);
    throw error;
  }
  return {
    header: { formatVersion, kind, applicationId, fingerprint, position: Number(position) },
    payload,
    crc: stored,
  };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
