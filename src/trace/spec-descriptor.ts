/**
 * A trace descriptor tells the trace tooling everything it needs to know about one traced spec:
 * which specs and wrapper module to load, how the header's constants become the model's
 * CONSTANTS, the event schema (checked line by line), and how an event becomes a TLA+ value.
 * Parsing (format.ts), the model generator for TLC and the model-check path (model.ts,
 * validate.ts), and the streaming validator (stream-validate.ts) are generic over it; the
 * header's `"trace"` field picks the descriptor from the registry (registry.ts).
 *
 * See docs/traces.md, "Tracing a new spec", for what a new descriptor must provide.
 */
import type { JsonTla } from '../tla/result.ts';

/**
 * A field check returns null when the value is fine, and otherwise what it should have been
 * ("a positive integer"); the parser turns that into `file:line: Action: field "x" must be ...`.
 */
export type FieldCheck = (v: unknown) => string | null;

/** One event as read from the NDJSON: its action, its fields, and the file line it came from. */
export interface EventLine {
  action: string;
  /** The event's line in the file it was read from (set by the parser, never written). */
  line?: number;
  [field: string]: unknown;
}

/** The header (line 1) of a trace: `trace` names the descriptor, the rest is the descriptor's. */
export interface HeaderLine {
  trace: string;
  [field: string]: unknown;
}

/** What a model needs besides the events: definitions for the MC module and CONSTANTS lines. */
export interface ModelConstants {
  /** Definitions added to the generated MC module, e.g. `AcceptorDef == {"s0", "s1"}`. */
  definitions: string[];
  /** Lines of the .cfg's CONSTANTS section, e.g. `Acceptor <- AcceptorDef`, `None = None`. */
  cfg: string[];
}

export interface TraceDescriptor<S = unknown> {
  /** The header's `"trace"` value, e.g. "WORPaxos". */
  name: string;
  /** One line for messages and `--help`: what the trace is checked against. */
  title: string;
  /**
   * The files the model needs, relative to the repository: the spec, everything it EXTENDS or
   * INSTANCEs, and the wrapper. They are copied into the model's temporary folder.
   */
  specFiles: string[];
  /** The wrapper module (a file among specFiles): EXTENDS the spec, CONSTANT TraceLog, VARIABLE l. */
  wrapper: string;
  /** checkHeader says what is wrong with the header (line 1), or null. */
  checkHeader(h: Record<string, unknown>): string | null;
  /** The event schema: for each action the fields it needs and their checks. Extra fields are ignored. */
  events: Record<string, Record<string, FieldCheck>>;
  /**
   * upgrade fills in, on an event of an older recorder, a field that recorder did not write but
   * that follows exactly from the event's other fields and its number (1-based, among events);
   * it returns the event unchanged when nothing is missing or nothing can be derived (the schema
   * check then names the missing field). Optional.
   */
  upgrade?(e: Record<string, unknown>, index: number): Record<string, unknown>;
  /**
   * checkAgainstHeader cross-checks a well-formed event with the header (an acceptor the header
   * does not list, a value missing from the model's constants); null when fine.
   */
  checkAgainstHeader?(e: EventLine, header: HeaderLine): string | null;
  /**
   * The bounds the model's constants take from the events (e.g. the highest round): a fold over
   * the events, so that a trace of any length is summarised in constant memory.
   */
  summary: { init(header: HeaderLine): S; observe(s: S, e: EventLine): void };
  /**
   * lookahead: how many events past the current one the wrapper reads (TraceLog[l + d]), from the
   * summary. The streaming validator keeps at least that many in its window. Optional: without
   * it the validator's default (256) must do.
   */
  lookahead?(s: S): number;
  /** constants turns the header and the summary into the model's constants (TraceLog excluded). */
  constants(header: HeaderLine, summary: S): ModelConstants;
  /**
   * eventValue is the event as the wrapper reads it (TraceLog[i]): a TLA+ record in JsonTla form
   * (arrays are tuples, objects records, `{$set: [...]}` sets, `{$model: "None"}` model values,
   * which must be constants of the model).
   */
  eventValue(e: EventLine): JsonTla;
  /**
   * context picks, out of the spec state just before a rejected event, the variables that event
   * touches, as `name[key] = value` lines. Optional: without it the verdict lists none.
   */
  context?(e: EventLine, state: Record<string, JsonTla>): string[];
  /**
   * pins lists the spec variables an event states a value for (`promised[a]` after an acceptor's
   * step, ...), so that a rejection can name the variables whose spec value differs from the
   * event's. Optional: without it the verdict names none.
   */
  pins?(e: EventLine): { name: string; key: string | number; value: JsonTla }[];
}

// ---- field checks that most specs need ----

export const nonEmptyString: FieldCheck = (v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string');
export const anyString: FieldCheck = (v) => (typeof v === 'string' ? null : 'a string');
export const positiveInt: FieldCheck = (v) => (Number.isSafeInteger(v) && (v as number) >= 1 ? null : 'a positive integer');
export const naturalInt: FieldCheck = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : 'a non-negative integer');
export const bool: FieldCheck = (v) => (typeof v === 'boolean' ? null : 'a boolean');
/** orNull accepts null besides what `c` accepts. */
export function orNull(c: FieldCheck): FieldCheck {
  return (v) => {
    if (v === null) return null;
    const bad = c(v);
    return bad === null ? null : `${bad} or null`;
  };
}
/** listOf accepts an array whose elements all pass `c`. */
export function listOf(c: FieldCheck, what: string): FieldCheck {
  return (v) => (Array.isArray(v) && v.every((x) => c(x) === null) ? null : what);
}

/** checkEventShape checks one decoded line against a descriptor's schema; null when fine. */
/** Each action's field checks as a list, made once (checkEventShape runs on every line). */
const fieldEntries = new WeakMap<object, [string, FieldCheck][]>();

export function checkEventShape(d: TraceDescriptor, obj: Record<string, unknown>): string | null {
  if (typeof obj.action !== 'string') return 'no "action" string';
  // Own keys only: "toString" or "__proto__" are no actions.
  const fields = Object.hasOwn(d.events, obj.action) ? d.events[obj.action] : undefined;
  if (!fields) return `unknown action ${JSON.stringify(obj.action)}`;
  let entries = fieldEntries.get(fields);
  if (entries === undefined) {
    entries = Object.entries(fields);
    fieldEntries.set(fields, entries);
  }
  for (const [name, check] of entries) {
    if (!Object.hasOwn(obj, name)) return `${obj.action}: missing field "${name}"`;
    const bad = check(obj[name]);
    if (bad) return `${obj.action}: field "${name}" must be ${bad}, got ${JSON.stringify(obj[name])}`;
  }
  return null;
}

/** jsonTlaApply looks up f[key] in a JsonTla function (a record, a sequence, or a general function). */
export function jsonTlaApply(f: JsonTla | undefined, key: string | number): JsonTla | undefined {
  if (f === undefined || f === null || typeof f !== 'object') return undefined;
  if (Array.isArray(f)) return typeof key === 'number' ? f[key - 1] : undefined;
  if ('$function' in f && Array.isArray(f.$function)) return (f.$function as [JsonTla, JsonTla][]).find(([k]) => k === key)?.[1];
  return (f as Record<string, JsonTla>)[String(key)];
}
