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
