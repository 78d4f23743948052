/**
 * FpSet is the set of seen states: 64-bit fingerprints in typed arrays with open addressing
 * (linear probing), plus the id of the state that first produced each fingerprint. Node's Set and
 * Map stop at 2^24 entries; this table grows by doubling up to 2^30 slots (12 bytes a slot).
 */
export class FpSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialLog2 = 16) {
    const cap = 1 << initialLog2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /**
   * putIfAbsent inserts (hi, lo) with the given id. Returns -1 if it was new, else the id stored
   * with the existing fingerprint.
   */
  putIfAbsent(hi: number, lo: number, id: number): number {
    if (hi === 0 && lo === 0) lo = 1; // (0, 0) marks an empty slot
    if ((this.size + 1) * 4 > this.hi.length * 3) this.grow();
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = H[i];
      const l = L[i];
      if (h === 0 && l === 0) {
        H[i] = hi;
        L[i] = lo;
        this.ids[i] = id;
        this.size++;
        return -1;
      }
      if (h === hi && l === lo) return this.ids[i];
      i = (i + 1) & mask;
    }
  }

  get(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = H[i];
      const l = L[i];
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo) return this.ids[i];
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oh = this.hi;
    const ol = this.lo;
    const oi = this.ids;
    const cap = oh.length * 2;
    if (cap > 1 << 30) throw new Error('fingerprint set is full (2^30 slots)');
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    const H = this.hi;
    const L = this.lo;
    const I = this.ids;
    const mask = this.mask;
    for (let j = 0; j < oh.length; j++) {
      const hi = oh[j];
      const lo = ol[j];
      if (hi === 0 && lo === 0) continue;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (H[i] !== 0 || L[i] !== 0) i = (i + 1) & mask;
      H[i] = hi;
      L[i] = lo;
      I[i] = oi[j];
    }
  }
}
