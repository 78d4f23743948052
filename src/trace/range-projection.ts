/**
 * The per-register projection of an acceptor's batch (range) steps (src/core/acceptor.ts
 * onPrepareRange, onAcceptRange) onto WORPaxos's single-register acceptor actions.
 *
 * Why a projection and not a range action in the spec: WORPaxos describes ONE register, and an
 * acceptor handles each register of a range independently of the others, except for one thing,
 * the all-or-nothing refusal of a PrepareRange. So, register by register:
 * - PromiseRange (granted): every register of the range takes exactly the step a Prepare(b) of
 *   that register takes (promise b, report the accepted pair): `Promise`.
 * - RejectPrepareRange (refused, nothing changes): a register that promised above b takes the
 *   step a Prepare(b) takes there (`RejectPrepare`); a register that did not changes nothing and
 *   answers nothing about itself, which in its own view is the Prepare being lost (WORPaxos has
 *   message loss): no step at all.
 * - AcceptedRange: each register accepts or refuses exactly as an Accept(b, v) would
 *   (`Accepted` / `RejectAccept`), and the reply lists the refusals with their state.
 * Because every piece is an existing WORPaxos acceptor action (or a loss), the projection adds no
 * behaviour to the spec: it is exact for the acceptor side. test/trace/range-projection.test.ts
 * checks it against the single-register handlers of the code.
 *
 * The projection needs each register's state where the range event does not state it (a refused
 * PrepareRange reports only the highest promise): `RegisterStates` tracks it from the events
 * themselves, since every change of an acceptor's register is traced by some acceptor event and
 * crashes keep the durable state.
 */
import type { Ballot } from '../core/ballot.ts';
import { compareBallots, isUnsafeBallot } from '../core/ballot.ts';

/** One register's durable state at one acceptor, as the trace states it. */
export interface RegState {
  promised: Ballot | null;
  acceptedBallot: Ballot | null;
  acceptedValue: string | null;
}

/** An acceptor event of one register (the shape of the single-register acceptor events). */
export interface ProjectedStep extends RegState {
  action: 'Promise' | 'RejectPrepare' | 'Accepted' | 'RejectAccept';
  acceptor: string;
  off: number;
  /** A refusal of an AcceptRange: the value the request carried (a single Accept's refusal does not say it). */
  value?: string;
  ballot: Ballot;
}

const EMPTY: RegState = { promised: null, acceptedBallot: null, acceptedValue: null };

/** RegisterStates: every (acceptor, register) state seen so far in a run's acceptor events. */
export class RegisterStates {
  private readonly states = new Map<string, RegState>();

  get(acceptor: string, seg: number, off: number): RegState {
    return this.states.get(`${acceptor}/${seg}/${off}`) ?? EMPTY;
  }

  set(acceptor: string, seg: number, off: number, s: RegState): void {
    this.states.set(`${acceptor}/${seg}/${off}`, { promised: s.promised, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue });
  }

  /** A trimmed segment's registers are gone at that acceptor (it answers Trimmed from then on). */
  dropSegment(acceptor: string, seg: number): void {
    const prefix = `${acceptor}/${seg}/`;
    for (const k of [...this.states.keys()]) if (k.startsWith(prefix)) this.states.delete(k);
  }
}

interface RangeVars {
  acceptor: string;
  seg: number;
  start: number;
  end: number;
  ballot: Ballot;
}

/**
 * projectRange turns one range event of an acceptor (PromiseRange, RejectPrepareRange,
 * AcceptedRange, as src/core/acceptor.ts traces them) into the single-register steps it is made
 * of, in offset order, and records the new states in `states`. A register absent from the answer
 * took no step (the lost-Prepare case above). Throws on an event whose fields contradict the
 * range (an entry outside it): the caller reports it as a malformed trace.
 */
export function projectRange(action: string, vars: Record<string, unknown>, states: RegisterStates): ProjectedStep[] {
  const { acceptor, seg, start, end, ballot } = vars as unknown as RangeVars;
  const inRange = (off: number): boolean => Number.isSafeInteger(off) && start <= off && off < end;
  const out: ProjectedStep[] = [];
  const emit = (a: ProjectedStep['action'], off: number, s: RegState): void => {
    states.set(acceptor, seg, off, s);
    out.push({ action: a, acceptor, off, ballot, promised: s.promised, acceptedBallot: s.acceptedBallot, acceptedValue: s.acceptedValue });
  };
  switch (action) {
    case 'PromiseRange': {
      const accepted = new Map<number, { acceptedBallot: Ballot; acceptedValue: string }>();
      for (const a of vars.accepted as { off: number; acceptedBallot: Ballot; acceptedValue: string }[]) {
        if (!inRange(a.off)) throw new Error(`PromiseRange of [${start}, ${end}) reports register ${a.off}`);
        accepted.set(a.off, a);
      }
      for (let off = start; off < end; off++) {
        const a = accepted.get(off);
        emit('Promise', off, { promised: ballot, acceptedBallot: a?.acceptedBallot ?? null, acceptedValue: a?.acceptedValue ?? null });
      }
      return out;
    }
    case 'RejectPrepareRange': {
      for (let off = start; off < end; off++) {
        const s = states.get(acceptor, seg, off);
        if (s.promised !== null && compareBallots(s.promised, ballot) > 0) emit('RejectPrepare', off, s);
      }
      return out;
    }
    case 'AcceptedRange': {
      const refused = new Map<number, { promised: Ballot; acceptedBallot: Ballot | null; acceptedValue: string | null }>();
      for (const r of vars.refused as { off: number; promised: Ballot; acceptedBallot: Ballot | null; acceptedValue: string | null }[]) {
        if (!inRange(r.off)) throw new Error(`AcceptedRange of [${start}, ${end}) refuses register ${r.off}`);
        refused.set(r.off, r);
      }
      for (let off = start; off < end; off++) {
        const r = refused.get(off);
        // A refusal's Nack says <<0,0>> for "never promised" (messages.ts Nack): the state is null.
        if (r) {
          emit('RejectAccept', off, { promised: isUnsafeBallot(r.promised) ? null : r.promised, acceptedBallot: r.acceptedBallot, acceptedValue: r.acceptedValue });
          out[out.length - 1]!.value = vars.acceptedValue as string;
        }
        else emit('Accepted', off, { promised: ballot, acceptedBallot: ballot, acceptedValue: vars.acceptedValue as string });
      }
      return out;
    }
    default:
      throw new Error(`projectRange: ${action} is not a range event`);
  }
}
