/**
 * Addressing: a WOR is named by (seg, off). Data registers of a segment have offsets
 * 0 .. segmentSize-1; each segment also owns two control registers, kept under negative offsets so
 * that they share the (segment, offset) key space of storage rows and traces:
 * - META_OFFSET: the metadata WOR. alloc(seg, meta) is a capture+write on it; the first writer
 *   wins, and a segment is allocated exactly when this register is written.
 * - TRIM_OFFSET: the trim WOR. trim(seg) first agrees on it, then servers drop the segment.
 *
 * A segment lives on one partition (2F+1 servers), chosen by `seg mod partitions`.
 */

export const META_OFFSET = -1;
export const TRIM_OFFSET = -2;

/** The value written into the trim WOR; any value would do, one fixed value keeps traces simple. */
export const TRIM_VALUE = 'trim';

/** The longest range one captureSegment/writeSegment message may cover; bounds a server's work per message. */
export const MAX_RANGE_LEN = 65_536;

export function isControlOffset(off: number): boolean {
  return off === META_OFFSET || off === TRIM_OFFSET;
}

/** isOffset: a data offset (>= 0) or one of the two control offsets, as a safe integer. */
export function isOffset(off: unknown): off is number {
  return Number.isSafeInteger(off) && ((off as number) >= 0 || isControlOffset(off as number));
}

export function isSegmentId(seg: unknown): seg is number {
  return Number.isSafeInteger(seg) && (seg as number) >= 0;
}

/** partitionOf maps a segment to its partition index by modulo. */
export function partitionOf(seg: number, partitions: number): number {
  if (!isSegmentId(seg)) throw new RangeError(`partitionOf: segment must be a non-negative integer, got ${seg}`);
  if (!Number.isSafeInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitionOf: partitions must be a positive integer, got ${partitions}`);
  }
  return seg % partitions;
}

/** quorumSize is F+1 for 2F+1 servers: a strict majority. */
export function quorumSize(servers: number): number {
  return Math.floor(servers / 2) + 1;
}

/** globalAddress is the flat address of a data WOR: segment i holds [i*S, (i+1)*S). */
export function globalAddress(seg: number, off: number, segmentSize: number): number {
  return seg * segmentSize + off;
}
