/**
 * Errors of the embedded checker. Each carries an optional source location so that the user
 * sees `file:line:col` rather than a JavaScript stack trace.
 */

export interface Loc {
  file: string;
  module: string;
  line: number; // 1-based
  col: number; // 1-based
  endLine: number;
  endCol: number; // 1-based, inclusive (TLC's convention)
}

export function fmtLoc(l: Loc): string {
  return `${l.file}:${l.line}:${l.col}`;
}

/** tlcLocation renders a location the way TLC prints it in traces. */
export function tlcLocation(l: Loc): string {
  return `line ${l.line}, col ${l.col} to line ${l.endLine}, col ${l.endCol} of module ${l.module}`;
}

/** A syntax error or a semantic error found before checking starts (TLC: parse error, 150). */
export class ParseError extends Error {}

/** An evaluation error during checking (TLC: exit code 1). The location is added on the way up. */
export class EvalError extends Error {
  loc: Loc | null = null;
  constructor(message: string, loc?: Loc) {
    super(message);
    if (loc) this.loc = loc;
  }
}

/** A configuration error (.cfg): missing constant, unknown definition (TLC: error). */
export class ConfigError extends Error {}
