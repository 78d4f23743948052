/**
 * MemoryAcceptorStore keeps an acceptor's state in maps and applies step's Change records to it.
 * It is the in-memory view a runtime steps against: the simulator uses it as its "disk" (a crash
 * keeps only what was applied from persisted changes), and a server can use it as the cache in
 * front of its durable store, loading it from rows at start-up with `load`.
 */
import { withCaptureFields, type AcceptorView, type Change, type WorState } from './acceptor.ts';

export class MemoryAcceptorStore implements AcceptorView {
  private readonly segments = new Map<number, Map<number, WorState>>();
  private readonly trimmed = new Set<number>();

  getWor(seg: number, off: number): WorState | undefined {
    return this.segments.get(seg)?.get(off);
  }

  isTrimmed(seg: number): boolean {
    return this.trimmed.has(seg);
  }

  /** apply performs the changes in order; a trim drops the segment's rows and keeps a tombstone. */
  apply(changes: readonly Change[]): void {
    for (const c of changes) {
      if (c.kind === 'trim') {
        this.segments.delete(c.seg);
        this.trimmed.add(c.seg);
        continue;
      }
      if (this.trimmed.has(c.seg)) continue;
      let rows = this.segments.get(c.seg);
      if (!rows) this.segments.set(c.seg, (rows = new Map()));
      rows.set(c.off, withCaptureFields({ promised: c.promised, acceptedBallot: c.acceptedBallot, acceptedValue: c.acceptedValue }, c));
    }
  }

  /** rows lists the durable content as Change records, enough to rebuild an equal store with `load`. */
  rows(): Change[] {
    const out: Change[] = [];
    for (const seg of this.trimmed) out.push({ kind: 'trim', seg });
    for (const [seg, rows] of this.segments) {
      for (const [off, s] of rows) out.push({ kind: 'wor', seg, off, ...s });
    }
    return out;
  }

  /** load builds a store from rows such as `rows()` returns (or a database's rows). */
  static load(rows: readonly Change[]): MemoryAcceptorStore {
    const store = new MemoryAcceptorStore();
    store.apply(rows);
    return store;
  }

  /** worCount counts stored WOR rows (for tests and stats). */
  worCount(): number {
    let n = 0;
    for (const rows of this.segments.values()) n += rows.size;
    return n;
  }
}
