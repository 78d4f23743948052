/**
 * The result of model checking one model, whichever engine produced it (TLC or the embedded
 * checker). This is the contract of `wormspace check --json`: other tools, the manifest runner
 * (`npm run verify`) and the engine-agreement tests all consume it.
 */

/** Verdicts, after TLC's exit codes (see EXIT_CODE_OF). */
export type Verdict = 'ok' | 'invariant' | 'property' | 'deadlock' | 'assume' | 'parse-error' | 'error';

export const VERDICTS: readonly Verdict[] = ['ok', 'invariant', 'property', 'deadlock', 'assume', 'parse-error', 'error'];

/** Exit codes of `wormspace check`, the same as TLC's. */
export const EXIT_CODE_OF: Record<Verdict, number> = {
  ok: 0,
  assume: 10,
  deadlock: 11,
  invariant: 12,
  property: 13,
  'parse-error': 150,
  error: 1,
};

/**
 * Exit code of `wormspace check` when the verdict is ok but some property was not checked by the
 * engine (`skipped`): not TLC's 0, so that nothing passes silently. `--allow-unchecked` accepts
 * it (exit 0). TLC itself never exits with 3.
 */
export const NOT_CHECKED_EXIT_CODE = 3;

/**
 * Why a search stopped before it was complete: `--timeout` ran out, or the user sent SIGINT
 * (Ctrl-C) or SIGTERM. A stopped search found no error in the states it explored, and proves
 * nothing about the others.
 */
export type StopReason = 'timeout' | 'SIGINT' | 'SIGTERM';

/** Exit codes of a stopped check: 124 as timeout(1) exits, 128 + the signal number for a signal. */
export const STOPPED_EXIT_CODE: Record<StopReason, number> = { timeout: 124, SIGINT: 130, SIGTERM: 143 };

/**
 * exitCodeOf: TLC's exit code for the verdict; STOPPED_EXIT_CODE for a search stopped before it
 * was complete; NOT_CHECKED_EXIT_CODE for an ok with skipped properties.
 */
export function exitCodeOf(result: Pick<CheckResult, 'verdict' | 'skipped' | 'stopped'>, allowUnchecked = false): number {
  if (result.stopped && result.verdict === 'ok') return STOPPED_EXIT_CODE[result.stopped];
  if (result.verdict === 'ok' && (result.skipped?.length ?? 0) > 0 && !allowUnchecked) return NOT_CHECKED_EXIT_CODE;
  return EXIT_CODE_OF[result.verdict];
}

export type Engine = 'tlc' | 'embedded';

/**
 * The JSON rendering of a TLA+ value, used in traces:
 * - BOOLEAN: a JSON boolean; integers: a JSON number; strings: a JSON string;
 * - a model value `p1`: `{"$model": "p1"}` (never equal to the string "p1");
 * - a tuple or sequence (a function with domain 1..n, also the empty one): a JSON array;
 * - a record (a function whose domain is a non-empty set of strings): a JSON object;
 * - a set: `{"$set": [...]}` in TLC's normalised order;
 * - any other function: `{"$function": [[key, value], ...]}` in the order of its domain.
 * Field names of TLA+ records are identifiers and never start with `$`, so the tags cannot clash.
 */
export type JsonTla =
  | boolean
  | number
  | string
  | JsonTla[]
  | { $model: string }
  | { $set: JsonTla[] }
  | { $function: [JsonTla, JsonTla][] }
  | { [field: string]: JsonTla };

/** One state of a counterexample: the action that produced it and the values of all variables. */
export interface TraceStep {
  /** Action name: `Initial predicate` for the first state, else e.g. `Inc(p1)` or `Next`. */
  action: string;
  /** Where the action is defined, as TLC prints it (`line 7, col 11 to line 7, col 56 of module Counter`). */
  location?: string;
  /** Variable name to value. */
  state: Record<string, JsonTla>;
}

export interface CheckResult {
  engine: Engine;
  verdict: Verdict;
  /** The invariant, property or assumption that failed, or null. */
  violated: string | null;
  distinct: number;
  generated: number;
  depth: number;
  seconds: number;
  /**
   * The counterexample, shortest first state first. For a liveness violation TLC may end the
   * trace with a `Stuttering` step or a back-loop (`Back to state N: Action`, with the location of
   * the action that closes the cycle), rendered as a step
   * with that action name and an empty state.
   */
  trace: TraceStep[];
  /** One-line explanation for error and parse-error verdicts, with file:line:col where known. */
  message?: string;
  /** Properties that the engine could not check (e.g. liveness in the embedded checker), by name. */
  skipped?: string[];
  /**
   * Set when the search was stopped before it was complete (`--timeout`, Ctrl-C, SIGTERM): the
   * verdict `ok` then only says that no error was found in the states explored, and the counts
   * are those reached so far. Absent for a complete search.
   */
  stopped?: StopReason;
  /** States left on the queue when the search stopped (with `stopped`). */
  queue?: number;
  /**
   * With `stopped`: set to 'liveness' when every state had been explored and the check was
   * stopped while it checked the temporal properties on the behaviour graph (embedded engine).
   */
  stoppedIn?: 'liveness';
}
