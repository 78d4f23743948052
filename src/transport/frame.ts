/**
 * Frames: the unit the TCP transport sends. A frame is a 4-byte big-endian length followed by that
 * many bytes of MessagePack. The length prefix lets a reader find frame boundaries in a byte stream
 * without parsing the payload, and lets it refuse an oversized frame before buffering it.
 *
 * The decoder only turns bytes into plain JavaScript values; whether a value is a well-formed
 * message is the schema's job (`envelope.ts`), so that the two checks can be tested apart.
 */
import { Packr, Unpackr } from 'msgpackr';

/** FRAME_HEADER_BYTES is the size of the length prefix. */
export const FRAME_HEADER_BYTES = 4;

/**
 * DEFAULT_MAX_FRAME_BYTES bounds one frame's payload. A captureSegment of 1,024 WORs or a read of a
 * large value fits easily; anything bigger is a client bug or an attack, and is refused before the
 * server buffers it.
 */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

// Records and structured clone are msgpackr extensions that let the sender define object shapes;
// we want plain maps, arrays, strings, numbers and binaries only, so that the schema check sees
// exactly what the bytes say. Large integers come back as numbers (the schema then rejects
// anything that is not a safe integer) rather than as BigInt.
const packr = new Packr({ useRecords: false, moreTypes: false, structuredClone: false, mapsAsObjects: true, int64AsType: 'number' });
const unpackr = new Unpackr({ useRecords: false, moreTypes: false, structuredClone: false, mapsAsObjects: true, int64AsType: 'number' });

/** FrameError is a violation of the framing rules by the peer; the connection must be closed. */
export class FrameError extends Error {
  constructor(
    readonly code: 'oversized' | 'malformed' | 'truncated',
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** encodeFrame packs one value and prefixes its length. */
export function encodeFrame(value: unknown, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Buffer {
  const payload = packr.pack(value);
  if (payload.length > maxFrameBytes) {
    // A sender that builds a frame its peer would refuse has a bug; say so where it happens.
    throw new FrameError('oversized', `frame of ${payload.length} bytes exceeds the limit of ${maxFrameBytes} bytes`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

/** decodePayload unpacks one frame's payload, which must be exactly one MessagePack value. */
export function decodePayload(payload: Uint8Array): unknown {
  if (payload.length === 0) throw new FrameError('malformed', 'empty frame');
  let values: unknown[];
  try {
    values = unpackr.unpackMultiple(payload) as unknown[];
  } catch (err) {
    throw new FrameError('malformed', `undecodable frame: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (values.length !== 1) throw new FrameError('malformed', `frame holds ${values.length} values, expected 1`);
  return values[0];
}

/**
 * FrameDecoder splits a byte stream into frame payloads. Feed it chunks as they arrive; it returns
 * the values of every frame completed so far and keeps any partial frame for the next chunk.
 * After it throws, the stream is out of sync and must be abandoned.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** push adds bytes and returns the decoded values of the frames they complete. */
  push(chunk: Uint8Array): unknown[] {
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.buffered += chunk.byteLength;
    const out: unknown[] = [];
    for (;;) {
      if (this.buffered < FRAME_HEADER_BYTES) return out;
      const head = this.peek(FRAME_HEADER_BYTES);
      const length = head.readUInt32BE(0);
      // Refuse on the header alone, before waiting for (and buffering) the oversized body.
      if (length > this.maxFrameBytes) {
        throw new FrameError('oversized', `frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes} bytes`);
      }
      if (this.buffered < FRAME_HEADER_BYTES + length) return out;
      const frame = this.take(FRAME_HEADER_BYTES + length);
      out.push(decodePayload(frame.subarray(FRAME_HEADER_BYTES)));
    }
  }

  /** end checks that the stream stopped on a frame boundary. */
  end(): void {
    if (this.buffered > 0) throw new FrameError('truncated', `stream ended inside a frame (${this.buffered} bytes pending)`);
  }

  /** clear drops the bytes held back (for a stream being abandoned, so they can be freed at once). */
  clear(): void {
    this.chunks = [];
    this.buffered = 0;
  }

  /** pendingBytes is the size of the incomplete frame held back. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const frame = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }
}
