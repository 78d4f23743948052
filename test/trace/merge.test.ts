/** mergeLogs (src/trace/merge.ts): causality first, local clocks only between unrelated events. */
import { describe, expect, it } from 'vitest';
import { mergeLogs, type ProcessLog } from '../../src/trace/merge.ts';

const reg = { seg: 1, off: -1 };
const ev = (t: number, action: string, vars: Record<string, unknown>) => ({ seq: 0, t, action, vars: { ...reg, ...vars } });

describe('merging event logs', () => {
  it('puts a request before its answers and a decision after its quorum, whatever the clocks say', () => {
    // The client's clock runs 100 ms late: by clocks alone every server event would come first.
    const client: ProcessLog = {
      process: 'client 1', file: 'c1', events: [
        ev(100, 'Capture', { client: 1, rid: 1, ballot: [1, 1] }),
        ev(104, 'Write', { client: 1, rid: 1, ballot: [1, 1], value: 'v', callerValue: 'v', quorum: ['a', 'b'] }),
        ev(108, 'WriteDone', { client: 1, rid: 1, result: { status: 'ok' } }),
      ],
    };
    const server = (a: string, late: number): ProcessLog => ({
      process: `server ${a}`, file: a, events: [
        ev(1 + late, 'Promise', { acceptor: a, ballot: [1, 1], promised: [1, 1], acceptedBallot: null, acceptedValue: null, from: 'c1', rid: 1 }),
        ev(5 + late, 'Accepted', { acceptor: a, ballot: [1, 1], promised: [1, 1], acceptedBallot: [1, 1], acceptedValue: 'v', from: 'c1', rid: 1 }),
      ],
    });
    const m = mergeLogs([server('a', 0), server('b', 0), server('c', 50), client]);
    const order = m.events.map((e) => `${e.action}${typeof e.vars.acceptor === 'string' ? ` ${e.vars.acceptor}` : ''}`);
    expect(order.indexOf('Capture')).toBeLessThan(order.indexOf('Promise a'));
    expect(order.indexOf('Write')).toBeGreaterThan(order.indexOf('Promise b'));
    expect(order.indexOf('Write')).toBeLessThan(order.indexOf('Accepted a'));
    // WriteDone needs a majority (2 of 3) of Accepted: a and b, or any two.
    const accBefore = order.slice(0, order.indexOf('WriteDone')).filter((x) => x.startsWith('Accepted')).length;
    expect(accBefore).toBeGreaterThanOrEqual(2);
    expect(m).toMatchObject({ dropped: 0, forced: 0, acceptors: ['a', 'b', 'c'] });
  });

  it('counts a dependency that no log satisfies instead of hanging', () => {
    const lone: ProcessLog = { process: 's', file: 's', events: [ev(1, 'Promise', { acceptor: 'a', ballot: [9, 9], from: 'c9', rid: 1 })] };
    const m = mergeLogs([lone]);
    expect(m.events).toHaveLength(1);
    expect(m.dropped).toBe(1);
  });
});
