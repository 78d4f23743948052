/**
 * The names one application goes by, derived from the NAME given to `wormspace new-app`:
 * `Demo` (TLA+ modules, types: tla/apps/Demo.tla), `demo` (folders, `sim --app demo`), `demo`
 * in camel case for values (demoDescriptor), `DEMO` for constants (DEMO_MAPPED).
 */
export class NewAppError extends Error {}

export interface AppNames {
  /** PascalCase: the spec's module, the trace descriptor's name. */
  pascal: string;
  /** lower case: the app's folder and its `sim --app` name. */
  lower: string;
  /** camelCase: exported values. */
  camel: string;
  /** UPPER CASE: exported constants. */
  upper: string;
  /** The abstract spec's module (NAMEAbstract unless --abstract-spec gives one). */
  abstract: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9]{1,39}$/;

export function appNames(name: string): AppNames {
  if (!NAME.test(name)) throw new NewAppError(`application name ${JSON.stringify(name)} must be 2 to 40 letters and digits, starting with a letter (e.g. WormCounter or demo)`);
  const pascal = name[0]!.toUpperCase() + name.slice(1);
  return { pascal, lower: name.toLowerCase(), camel: name[0]!.toLowerCase() + name.slice(1), upper: name.toUpperCase(), abstract: `${pascal}Abstract` };
}

/** substitute fills a template's placeholders (__Name__, __name__, __camel__, __UPPER__, __Abstract__). */
export function substitute(text: string, n: AppNames): string {
  return text.replaceAll('__Abstract__', n.abstract).replaceAll('__Name__', n.pascal).replaceAll('__name__', n.lower).replaceAll('__camel__', n.camel).replaceAll('__UPPER__', n.upper);
}

const WIDTH = 77;

/**
 * tidyTla keeps a generated TLA+ file's frames straight after the names changed length: comment
 * box lines `(* ... *)` are padded to 77 columns again (a longer one is left as it is), and the
 * `---- MODULE X ----` line is centred in 77 columns of dashes.
 */
export function tidyTla(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const mod = /^-{4,} MODULE (\S+) -{4,}$/.exec(line);
      if (mod) {
        const mid = ` MODULE ${mod[1]} `;
        const left = Math.max(4, Math.floor((WIDTH - mid.length) / 2));
        return '-'.repeat(left) + mid + '-'.repeat(Math.max(4, WIDTH - left - mid.length));
      }
      if (line.startsWith('(*') && line.endsWith('*)') && line.length > 4) {
        const inner = line.slice(2, -2).trimEnd();
        return inner.length <= WIDTH - 4 ? `(*${inner.padEnd(WIDTH - 4)}*)` : line;
      }
      return line;
    })
    .join('\n');
}

