/**
 * A linearizability checker for key-value histories, after Wing and Gong, with Lowe's memoization
 * and Porcupine's (Athalye) linked-list search. A history is a set of operations, each with its
 * invocation and response times; an operation that never answered (its client or replica died)
 * has `ret: null`: a put then may or may not have taken effect (it is placed at the end of time,
 * where linearizing it changes nothing before), a get tells nothing and is dropped.
 *
 * A key-value store is a product of independent registers, so the history is checked key by key
 * (P-compositionality): each key's sub-history must linearize against a register whose initial
 * value is null. Times are any totally ordered numbers: an operation that returned at t precedes
 * every operation invoked after t (an invocation at exactly t counts as concurrent).
 */

export interface KvOp {
  kind: 'put' | 'get';
  key: string;
  /** put: the value written; get: the value read (null: no value). */
  value: string | null;
  call: number;
  /** Response time, or null when the operation never answered. */
  ret: number | null;
  /** Who issued it, for messages. */
  client?: string;
}

export interface LinResult {
  ok: boolean;
  /** Per failing key: a short explanation. */
  failures: string[];
  /** Search states explored (a measure of work). */
  explored: number;
}

interface Entry {
  op: number;
  isCall: boolean;
  time: number;
}

/** checkRegister checks one key's operations against a register starting at null. */
export function checkRegister(ops: KvOp[], budget = 5_000_000): { ok: boolean; explored: number; exhausted: boolean } {
  const live = ops.filter((o) => o.ret !== null || o.kind === 'put');
  const n = live.length;
  if (n === 0) return { ok: true, explored: 0, exhausted: false };
  const entries: Entry[] = [];
  live.forEach((o, i) => {
    entries.push({ op: i, isCall: true, time: o.call });
    entries.push({ op: i, isCall: false, time: o.ret ?? Infinity });
  });
  // Calls before returns at equal times: an operation invoked when another returned is concurrent with it.
  entries.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? 0 : a.isCall ? -1 : 1));
  // A doubly linked list over entries, with a sentinel head at index m.
  const m = entries.length;
  const next = new Int32Array(m + 1);
  const prev = new Int32Array(m + 1);
  const matchOf = new Int32Array(m);
  const callIdx = new Int32Array(n);
  entries.forEach((e, i) => {
    if (e.isCall) callIdx[e.op] = i;
  });
  entries.forEach((e, i) => {
    if (!e.isCall) {
      matchOf[callIdx[e.op]!] = i;
      matchOf[i] = callIdx[e.op]!;
    }
  });
  const HEAD = m;
  for (let i = 0; i < m; i++) {
    next[i] = i + 1 < m ? i + 1 : -1;
    prev[i] = i === 0 ? HEAD : i - 1;
  }
  next[HEAD] = m > 0 ? 0 : -1;
  const unlink = (i: number): void => {
    next[prev[i]!] = next[i]!;
    if (next[i]! >= 0) prev[next[i]!] = prev[i]!;
  };
  const relink = (i: number): void => {
    next[prev[i]!] = i;
    if (next[i]! >= 0) prev[next[i]!] = i;
  };
  const lift = (i: number): void => {
    unlink(i);
    unlink(matchOf[i]!);
  };
  const unlift = (i: number): void => {
    relink(matchOf[i]!);
    relink(i);
  };

  const bits = new Uint32Array((n + 31) >>> 5);
  const cache = new Set<string>();
  const stack: { entry: number; state: string | null }[] = [];
  let state: string | null = null;
  let cur = next[HEAD]!;
  let explored = 0;
  while (next[HEAD]! >= 0) {
    if (++explored > budget) return { ok: false, explored, exhausted: true };
    if (cur < 0) return { ok: false, explored, exhausted: false }; // cannot happen: a return entry stops the scan first
    const e = entries[cur]!;
    if (e.isCall) {
      const o = live[e.op]!;
      const okStep = o.kind === 'put' || o.value === state;
      const newState: string | null = o.kind === 'put' ? o.value : state;
      if (okStep) {
        bits[e.op >>> 5]! |= 1 << (e.op & 31);
        const key = `${bits.join(',')}|${newState === null ? '\u0000' : newState}`;
        if (!cache.has(key)) {
          cache.add(key);
          stack.push({ entry: cur, state });
          state = newState;
          lift(cur);
          cur = next[HEAD]!;
          continue;
        }
        bits[e.op >>> 5]! &= ~(1 << (e.op & 31));
      }
      cur = next[cur]!;
    } else {
      // The first pending return: something invoked before it must be linearized first. Backtrack.
      const top = stack.pop();
      if (!top) return { ok: false, explored, exhausted: false };
      state = top.state;
      const op = entries[top.entry]!.op;
      bits[op >>> 5]! &= ~(1 << (op & 31));
      unlift(top.entry);
      cur = next[top.entry]!;
    }
  }
  return { ok: true, explored, exhausted: false };
}

/** checkKv checks a whole key-value history, key by key. */
export function checkKv(ops: KvOp[], budgetPerKey = 5_000_000): LinResult {
  const byKey = new Map<string, KvOp[]>();
  for (const o of ops) {
    let l = byKey.get(o.key);
    if (!l) byKey.set(o.key, (l = []));
    l.push(o);
  }
  const failures: string[] = [];
  let explored = 0;
  for (const [key, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r = checkRegister(list, budgetPerKey);
    explored += r.explored;
    if (!r.ok) {
      failures.push(
        r.exhausted
          ? `key ${JSON.stringify(key)}: search budget exhausted after ${r.explored} states (${list.length} operations): not shown linearizable`
          : `key ${JSON.stringify(key)}: not linearizable (${list.length} operations; ${describe(list)})`,
      );
    }
  }
  return { ok: failures.length === 0, failures, explored };
}

/** describe names the first get whose value no put could have given it before its return, or sums the history up. */
function describe(ops: KvOp[]): string {
  const puts = ops.filter((o) => o.kind === 'put');
  for (const g of ops) {
    if (g.kind !== 'get' || g.ret === null || g.value === null) continue;
    const src = puts.find((p) => p.value === g.value);
    if (!src) return `a get by ${g.client ?? '?'} read ${JSON.stringify(g.value)}, which no put wrote`;
    if (src.call > g.ret) return `a get by ${g.client ?? '?'} read ${JSON.stringify(g.value)} before its put was invoked`;
  }
  const gets = ops.filter((o) => o.kind === 'get').length;
  return `${puts.length} puts, ${gets} gets: no order respects real time and register semantics`;
}
