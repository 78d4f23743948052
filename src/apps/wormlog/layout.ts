/**
 * Where WormLog keeps its log in WormSpace, and how it encodes what it stores.
 *
 * - Log position p lives in register (base + p div segSize, p mod segSize): positions are global
 *   numbers, fixed once a slot is handed out, so an acknowledged position never changes.
 * - A register holds an entry `E<appendId> <value>` or junk `J` (a hole a reader filled). The
 *   append id (the appender's client id and a counter, unique per append) makes every entry
 *   unique, so the simulation and the trace can tell each append's copies apart.
 * - A segment's metadata names the sequencer that allocated it: `wormlog seq=<address>`. The last
 *   allocated segment therefore tells clients where the sequencer is.
 */
export interface LogLayout {
  /** The first segment of the log. */
  base: number;
  /** Registers (positions) per segment. */
  segSize: number;
}

export function posOf(layout: LogLayout, seg: number, off: number): number {
  return (seg - layout.base) * layout.segSize + off;
}

export function addrOf(layout: LogLayout, pos: number): { seg: number; off: number } {
  return { seg: layout.base + Math.floor(pos / layout.segSize), off: pos % layout.segSize };
}

export type Decoded = { kind: 'entry'; appendId: string; value: string } | { kind: 'junk' } | { kind: 'foreign'; raw: string };

export const JUNK = 'J';

export function encodeEntry(appendId: string, value: string): string {
  return `E${appendId} ${value}`;
}

export function decode(raw: string): Decoded {
  if (raw === JUNK) return { kind: 'junk' };
  if (raw.startsWith('E')) {
    const sp = raw.indexOf(' ');
    if (sp > 1) return { kind: 'entry', appendId: raw.slice(1, sp), value: raw.slice(sp + 1) };
  }
  return { kind: 'foreign', raw };
}

const META_PREFIX = 'wormlog seq=';

export function sequencerMeta(address: string): string {
  return `${META_PREFIX}${address}`;
}

/** sequencerOf reads the sequencer's address out of a segment's metadata (null: not a WormLog segment). */
export function sequencerOf(meta: string): string | null {
  return meta.startsWith(META_PREFIX) && meta.length > META_PREFIX.length ? meta.slice(META_PREFIX.length) : null;
}
