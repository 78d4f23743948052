/**
 * A small schema language for decoded frames. Every field of every message that crosses the wire
 * is checked for its type before any code acts on it, so that a peer cannot make the server
 * misbehave by sending a string where a ballot round belongs, an extra field, or an unknown kind.
 *
 * A Schema<T> is a function that returns the value typed as T or throws SchemaError naming the
 * path of the first bad field. Objects are closed: unknown fields are refused.
 */

/** SchemaError says which field of a decoded frame is wrong and why. */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path || 'frame'}: ${reason}`);
    this.name = 'SchemaError';
  }
}

export type Schema<T> = (value: unknown, path: string) => T;
export type Infer<S> = S extends Schema<infer T> ? T : never;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'binary';
  return typeof value;
}

/** uint accepts a safe non-negative integer (ids, offsets, ballot rounds). */
export const uint: Schema<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SchemaError(path, `expected a non-negative integer, got ${describe(value)}`);
  }
  return value;
};

/** str accepts a string of at most maxLength UTF-16 units. */
export function str(maxLength = 1 << 20): Schema<string> {
  return (value, path) => {
    if (typeof value !== 'string') throw new SchemaError(path, `expected a string, got ${describe(value)}`);
    if (value.length > maxLength) throw new SchemaError(path, `string longer than ${maxLength}`);
    return value;
  };
}

/** bytes accepts a binary value; msgpackr hands binaries back as Buffer, a Uint8Array. */
export const bytes: Schema<Uint8Array> = (value, path) => {
  if (!(value instanceof Uint8Array)) throw new SchemaError(path, `expected binary, got ${describe(value)}`);
  return value;
};

export function literal<const L extends string | number | boolean>(expected: L): Schema<L> {
  return (value, path) => {
    if (value !== expected) throw new SchemaError(path, `expected ${JSON.stringify(expected)}`);
    return expected;
  };
}

export function oneOf<const L extends string>(options: readonly L[]): Schema<L> {
  const set = new Set<string>(options);
  return (value, path) => {
    if (typeof value !== 'string' || !set.has(value)) throw new SchemaError(path, `expected one of ${options.join(', ')}`);
    return value as L;
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return (value, path) => (value === null ? null : inner(value, path));
}

export function array<T>(item: Schema<T>, maxLength: number): Schema<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new SchemaError(path, `expected an array, got ${describe(value)}`);
    if (value.length > maxLength) throw new SchemaError(path, `array longer than ${maxLength}`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

/** tuple accepts an array of exactly the given element schemas. */
export function tuple<const S extends readonly Schema<unknown>[]>(...items: S): Schema<{ [K in keyof S]: Infer<S[K]> }> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new SchemaError(path, `expected an array, got ${describe(value)}`);
    if (value.length !== items.length) throw new SchemaError(path, `expected ${items.length} elements, got ${value.length}`);
    return items.map((s, i) => s(value[i], `${path}[${i}]`)) as { [K in keyof S]: Infer<S[K]> };
  };
}

type Fields = Record<string, Schema<unknown>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & {
  [K in OptionalKeys<F>]?: F[K] extends Optional<infer T> ? T : never;
};

/** Optional marks a field that may be absent (but, when present, must match). */
export type Optional<T> = Schema<T> & { readonly optional: true };
export function optional<T>(inner: Schema<T>): Optional<T> {
  const s = ((value: unknown, path: string) => inner(value, path)) as Schema<T> & { optional: true };
  s.optional = true;
  return s;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** object accepts a plain object with exactly the given fields (optional ones may be missing). */
export function object<const F extends Fields>(fields: F): Schema<{ [K in keyof ObjectOf<F>]: ObjectOf<F>[K] }> {
  const names = Object.keys(fields);
  return ((value: unknown, path: string) => {
    if (!isPlainObject(value)) throw new SchemaError(path, `expected an object, got ${describe(value)}`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) throw new SchemaError(path, `unknown field ${JSON.stringify(key)}`);
    }
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const schema = fields[name]!;
      if (!Object.hasOwn(value, name)) {
        if ((schema as Partial<Optional<unknown>>).optional) continue;
        throw new SchemaError(path, `missing field ${JSON.stringify(name)}`);
      }
      out[name] = schema(value[name], path ? `${path}.${name}` : name);
    }
    return out;
  }) as never;
}

/**
 * taggedUnion dispatches on a string tag field (such as `kind`) and refuses tags it does not know,
 * so a newer or hostile peer's message is an error rather than silently ignored.
 */
export function taggedUnion<const Tag extends string, const V extends Record<string, Schema<unknown>>>(
  tag: Tag,
  variants: V,
): Schema<Infer<V[keyof V]>> {
  return ((value: unknown, path: string) => {
    if (!isPlainObject(value)) throw new SchemaError(path, `expected an object, got ${describe(value)}`);
    const kind = value[tag];
    if (typeof kind !== 'string' || !Object.hasOwn(variants, kind)) {
      throw new SchemaError(path ? `${path}.${tag}` : tag, `unknown ${tag} ${JSON.stringify(kind)}`);
    }
    return variants[kind]!(value, path);
  }) as never;
}
