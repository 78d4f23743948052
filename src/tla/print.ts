/**
 * formatTla renders the JSON form of a TLA+ value (JsonTla) back in TLA+ syntax, the way TLC
 * prints values in a counterexample: `<<p1, p1>>`, `[a |-> 1]`, `(1 :> 2 @@ 3 :> 4)`.
 */
import type { JsonTla, TraceStep } from './result.ts';

export function formatTla(v: JsonTla): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `<<${v.map(formatTla).join(', ')}>>`;
  if ('$model' in v && typeof v.$model === 'string') return v.$model;
  if ('$set' in v && Array.isArray(v.$set)) return `{${v.$set.map(formatTla).join(', ')}}`;
  if ('$function' in v && Array.isArray(v.$function)) {
    const pairs = v.$function as [JsonTla, JsonTla][];
    return pairs.length === 0 ? '<<>>' : `(${pairs.map(([k, x]) => `${formatTla(k)} :> ${formatTla(x)}`).join(' @@ ')})`;
  }
  const fields = Object.entries(v as Record<string, JsonTla>);
  // A function over strings that are not identifiers prints as TLC prints it: ("s0.0" :> TRUE).
  if (fields.some(([k]) => !/^[A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*$/.test(k))) {
    return `(${fields.map(([k, x]) => `${JSON.stringify(k)} :> ${formatTla(x)}`).join(' @@ ')})`;
  }
  return `[${fields.map(([k, x]) => `${k} |-> ${formatTla(x)}`).join(', ')}]`;
}

/** formatTrace prints a counterexample like TLC: numbered states, one `/\ var = value` per line. */
export function formatTrace(trace: TraceStep[]): string {
  return trace
    .map((step, i) => {
      const back = /^(Back to state \d+): (.*)$/.exec(step.action);
      const head =
        step.action === 'Stuttering' || (step.action.startsWith('Back to state') && !back)
          ? step.action
          : back
            ? `${back[1]}: <${back[2]}${step.location ? ' ' + step.location : ''}>`
            : `<${step.action}${step.location ? ' ' + step.location : ''}>`;
      const vars = Object.entries(step.state).map(([k, v]) => `/\\ ${k} = ${formatTla(v)}`);
      return [`${i + 1}: ${head}`, ...vars].join('\n');
    })
    .join('\n\n');
}
