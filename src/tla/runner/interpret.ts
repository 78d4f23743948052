/**
 * interpretTlcOutput turns TLC's framed `-tool` output and exit code into a CheckResult.
 * The exit code decides the verdict (TLC's ExitStatus: 0, 10 assumption, 11 deadlock,
 * 12 safety, 13 liveness or action property, 75-77 evaluation failures, 150-153 parse/config/
 * system errors, 255 error); the messages supply the violated name, the counts, the depth and
 * the counterexample. Message codes are TLC's (tlc2/output/EC.java).
 */
import type { CheckResult, JsonTla, StopReason, TraceStep, Verdict } from '../result.ts';
import { splitMessages, type TlcMessage } from './framing.ts';
import { parseTlcValue } from './values.ts';

export const EC = {
  GENERAL: 1000,
  TLC_ASSUMPTION_FALSE: 2104,
  TLC_ASSUMPTION_EVALUATION_ERROR: 2105,
  TLC_INVARIANT_VIOLATED_INITIAL: 2107,
  TLC_PROPERTY_VIOLATED_INITIAL: 2108,
  TLC_INVARIANT_VIOLATED_BEHAVIOR: 2110,
  TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR: 2112,
  TLC_DEADLOCK_REACHED: 2114,
  TLC_TEMPORAL_PROPERTY_VIOLATED: 2116,
  TLC_NESTED_EXPRESSION: 2103,
  TLC_BEHAVIOR_UP_TO_THIS_POINT: 2121,
  TLC_BACK_TO_STATE: 2122,
  TLC_VALUE_ASSERT_FAILED: 2132,
  TLC_SEARCH_DEPTH: 2194,
  TLC_STATS: 2199,
  TLC_PROGRESS_STATS: 2200,
  TLC_STATE_PRINT1: 2216,
  TLC_STATE_PRINT2: 2217,
  TLC_STATE_PRINT3: 2218,
  TLC_COUNTER_EXAMPLE: 2264,
  TLC_PARSING_FAILED: 3002,
} as const;

/**
 * evaluationErrorMessage makes one line of TLC's report of an evaluation error: the cause
 * (e.g. 2169 "The second argument of % should be a positive number...") prefixed with the
 * innermost position of the 2103 message ("1. Line 5, column 14 to line 5, column 19 in A"),
 * as `A.tla:5:14: ...`. Headings of the trace (2121, 2264) are no cause.
 */
export function evaluationErrorMessage(errors: TlcMessage[]): string | null {
  const oneLine = (t: string) => t.replace(/\s+/g, ' ').trim();
  const causes = errors.filter((e) => !e.nested && ![EC.TLC_NESTED_EXPRESSION, EC.TLC_BEHAVIOR_UP_TO_THIS_POINT, EC.TLC_COUNTER_EXAMPLE].includes(e.code as never) && e.text.trim() !== '');
  const nested = errors.find((e) => e.code === EC.TLC_NESTED_EXPRESSION);
  const positions = nested ? [...nested.text.matchAll(/Line (\d+), column (\d+) to line \d+, column \d+ in (\S+)/g)] : [];
  const at = positions.pop();
  const where = at ? `${at[3]}.tla:${at[1]}:${at[2]}: ` : '';
  if (causes.length > 0) return where + causes.map((c) => oneLine(c.text)).join(' ');
  return nested ? where + oneLine(nested.text) : null;
}

/** verdictOfExitCode maps TLC's process exit code to a verdict. */
export function verdictOfExitCode(code: number): Verdict {
  switch (code) {
    case 0:
      return 'ok';
    case 10:
      return 'assume';
    case 11:
      return 'deadlock';
    case 12:
      return 'invariant';
    case 13:
      return 'property';
    case 150:
      return 'parse-error';
    default:
      return 'error';
  }
}

/** Counts from `N states generated, M distinct states found, K states left on queue.` */
export function parseStats(text: string): { generated: number; distinct: number; queue: number } | null {
  const m = /([\d,]+) states generated(?: \([^)]*\))?, ([\d,]+) distinct states found(?: \([^)]*\))?, ([\d,]+) states left on queue/.exec(text);
  if (!m) return null;
  const n = (s: string) => Number(s.replace(/,/g, ''));
  return { generated: n(m[1]!), distinct: n(m[2]!), queue: n(m[3]!) };
}

/**
 * parseStateText reads the variable part of a printed state: either `/\ x = 1` lines (several
 * variables, values may continue on indented lines) or a lone `x = 1` (one variable).
 */
export function parseStateText(text: string): Record<string, JsonTla> {
  const state: Record<string, JsonTla> = {};
  const body = text.trim();
  if (body === '') return state;
  const chunks = body.startsWith('/\\') ? body.split(/^\/\\ /m).filter((c) => c.trim() !== '') : [body];
  for (const chunk of chunks) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*) = ([\s\S]*)$/.exec(chunk.trim());
    if (!m) throw new Error(`cannot read TLC state line ${JSON.stringify(chunk.trim().slice(0, 60))}`);
    state[m[1]!] = parseTlcValue(m[2]!);
  }
  return state;
}

/**
 * A trace step: `N: <Action loc>\nvars`, `N: Stuttering`, or (liveness) `M: Back to state: <Action loc>`,
 * where M is the state the cycle returns to and Action the step that closes it.
 */
function parseStep(message: TlcMessage): TraceStep {
  const [header = '', ...rest] = message.text.split('\n');
  const m = /^\d+: (.*)$/.exec(header);
  const head = (m ? m[1]! : header).trim();
  if (message.code === EC.TLC_STATE_PRINT3) return { action: 'Stuttering', state: {} };
  if (message.code === EC.TLC_BACK_TO_STATE) return backToState(header.trim());
  const state = parseStateText(rest.join('\n'));
  const action = /^<(.*)>$/.exec(head)?.[1] ?? head;
  if (action === 'Initial predicate') return { action, state };
  // `Inc(p1) line 7, col 11 to line 7, col 56 of module Counter`
  const loc = /^(.*?) (line \d+, col \d+ to line \d+, col \d+ of module \S+)$/.exec(action);
  return loc ? { action: loc[1]!, location: loc[2]!, state } : { action, state };
}

/**
 * backToState reads TLC's back-loop line, `1: Back to state: <Wrap line 10, ... of module M>` with
 * -tool (`Back to state 1: <...>` without), as the step `Back to state 1: Wrap` with the action's location.
 */
function backToState(header: string): TraceStep {
  const b = /^(\d+): Back to state(?::\s*(.*))?$/.exec(header) ?? /^Back to state (\d+)(?::\s*(.*))?$/.exec(header);
  if (!b) return { action: header, state: {} };
  const act = b[2] ? (/^<(.*)>$/.exec(b[2].trim())?.[1] ?? b[2].trim()) : '';
  const loc = /^(.*?) (line \d+, col \d+ to line \d+, col \d+ of module \S+)$/.exec(act);
  if (loc) return { action: `Back to state ${b[1]}: ${loc[1]}`, location: loc[2]!, state: {} };
  return { action: act ? `Back to state ${b[1]}: ${act}` : `Back to state ${b[1]}`, state: {} };
}

/** violatedName pulls the name (or location) from "Invariant Small is violated." and its kin. */
function violatedName(message: TlcMessage): string | null {
  // A name (`Invariant Small is violated.`) or, for a formula without one, its location
  // (`Action property line 27, col 35 to line 27, col 60 of module M is violated.`).
  const m = /^(?:Invariant|Action property|Temporal property|Property) (.+?) (?:is|was) violated/.exec(message.text);
  return m ? m[1]! : null;
}

/**
 * parseErrorMessage turns SANY's unframed report into one line with file:line:col. A syntax error
 * (`***Parse Error***`) lies in the file SANY was parsing last; a semantic error names its module
 * and range (`line 6, col 9 to line 6, col 11 of module UnknownOp`) followed by what is wrong.
 */
export function parseErrorMessage(unframed: string[], spec: string): string {
  const text = unframed.join('\n');
  const semanticAt = text.indexOf('Semantic errors:');
  const semantic = semanticAt < 0 ? null : /line (\d+), col (\d+) to line \d+, col \d+ of module (\S+)\s*\n\s*\n?\s*([^\n]+)/.exec(text.slice(semanticAt));
  if (semantic) return `${semantic[3]}.tla:${semantic[1]}:${semantic[2]}: ${semantic[4]!.trim()}`;
  const syntaxAt = text.indexOf('***Parse Error***');
  const before = syntaxAt >= 0 ? text.slice(0, syntaxAt) : text;
  // `Parsing file /path/X.tla` or `Parsing file /tmp/tlc-N/X.tla (jar:...)`: the file name only.
  const parsing = [...before.matchAll(/^Parsing file (\S+)/gm)].pop()?.[1];
  const file = parsing ? parsing.replace(/^.*[\/!]/, '') : spec;
  const at = /line (\d+), column (\d+)/.exec(text);
  const detail =
    /\*\*\*Parse Error\*\*\*\s*\n([^\n]+)\n([^\n]+)/.exec(text)?.slice(1, 3).join('; ') ??
    /^(.*(?:error|Unknown operator|not defined|Could not|Cannot find)[^\n]*)$/im.exec(text)?.[1] ??
    'SANY could not parse the specification';
  return at ? `${file}:${at[1]}:${at[2]}: ${detail.trim()}` : `${file}: ${detail.trim()}`;
}

export interface InterpretInput {
  output: string;
  exitCode: number;
  /** The spec file name, used in messages when TLC does not name one. */
  spec: string;
  seconds: number;
  /** TLC's stderr (the JVM's own failures land there), used when the framed output says nothing. */
  stderr?: string;
  /**
   * TLC ran with -Dtlc2.TLC.stopAfter: when it ends with states left on the queue and no error,
   * it stopped on that timer (it still says "No error has been found" and exits 0).
   */
  timeBound?: boolean;
  /** The runner killed TLC for this reason (Ctrl-C, SIGTERM): the counts are the last progress report's. */
  killedFor?: StopReason;
}

export function interpretTlcOutput({ output, exitCode, spec, seconds, stderr = '', timeBound = false, killedFor }: InterpretInput): CheckResult {
  const { messages, unframed } = splitMessages(output);
  const result: CheckResult = {
    engine: 'tlc',
    verdict: verdictOfExitCode(exitCode),
    violated: null,
    distinct: 0,
    generated: 0,
    depth: 0,
    seconds,
    trace: [],
  };
  const errors: TlcMessage[] = [];
  let queueLeft = 0;
  let finalStats = false;
  for (const message of messages) {
    switch (message.code) {
      case EC.TLC_STATS: {
        const stats = parseStats(message.text);
        if (stats) {
          Object.assign(result, { generated: stats.generated, distinct: stats.distinct });
          queueLeft = stats.queue;
          finalStats = true;
        }
        break;
      }
      case EC.TLC_PROGRESS_STATS: {
        // The final stats message normally follows; progress keeps the counts if TLC was stopped.
        const stats = parseStats(message.text);
        if (stats && !finalStats) {
          Object.assign(result, { generated: stats.generated, distinct: stats.distinct });
          queueLeft = stats.queue;
          const depth = /^Progress\((\d+)\)/.exec(message.text);
          if (depth) result.depth = Number(depth[1]);
        }
        break;
      }
      case EC.TLC_SEARCH_DEPTH: {
        const m = /is (\d+)/.exec(message.text);
        if (m) result.depth = Number(m[1]);
        break;
      }
      case EC.TLC_STATE_PRINT1:
      case EC.TLC_STATE_PRINT2:
      case EC.TLC_STATE_PRINT3:
      case EC.TLC_BACK_TO_STATE:
        result.trace.push(parseStep(message));
        break;
      case EC.TLC_INVARIANT_VIOLATED_INITIAL:
      case EC.TLC_PROPERTY_VIOLATED_INITIAL: {
        // The initial state is inside the message itself, after its first line.
        result.violated = violatedName(message);
        const [, ...stateLines] = message.text.split('\n');
        result.trace.push({ action: 'Initial predicate', state: parseStateText(stateLines.join('\n')) });
        break;
      }
      case EC.TLC_INVARIANT_VIOLATED_BEHAVIOR:
      case EC.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR:
      case EC.TLC_TEMPORAL_PROPERTY_VIOLATED:
        result.violated = violatedName(message);
        break;
      case EC.TLC_ASSUMPTION_FALSE:
        result.violated = /^Assumption (.*) is false\.?$/.exec(message.text)?.[1] ?? message.text;
        break;
      default:
        if (message.cls === 1 || message.cls === 2) errors.push(message);
    }
  }
  const foundNothing = result.violated === null && errors.length === 0 && result.trace.length === 0;
  if (killedFor && foundNothing) {
    // Killed by the runner: no verdict of TLC's own, the counts are the last progress report's.
    return { ...result, verdict: 'ok', stopped: killedFor, queue: queueLeft };
  }
  if (timeBound && result.verdict === 'ok' && queueLeft > 0) return { ...result, stopped: 'timeout', queue: queueLeft };
  if (result.verdict === 'parse-error') {
    result.message = parseErrorMessage(unframed, spec);
  } else if (result.verdict === 'error') {
    const jvm = stderr.trim().split('\n')[0];
    result.message = evaluationErrorMessage(errors) ?? (jvm ? `TLC exited with code ${exitCode}: ${jvm}` : `TLC exited with code ${exitCode}`);
  }
  return result;
}
