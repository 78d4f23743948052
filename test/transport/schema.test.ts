import { describe, expect, it } from 'vitest';
import { SchemaError, array, bytes, literal, object, optional, str, taggedUnion, tuple, uint } from '../../src/transport/schema.ts';

const ping = object({ kind: literal('ping'), n: uint, note: optional(str(10)) });
const put = object({ kind: literal('put'), key: tuple(uint, uint), data: bytes, tags: array(str(8), 3) });
const message = taggedUnion('kind', { ping, put });

describe('schema', () => {
  it('accepts well-formed values', () => {
    expect(message({ kind: 'ping', n: 3 }, '')).toEqual({ kind: 'ping', n: 3 });
    expect(message({ kind: 'ping', n: 3, note: 'hi' }, '')).toEqual({ kind: 'ping', n: 3, note: 'hi' });
    const data = Buffer.from([1, 2]);
    expect(message({ kind: 'put', key: [1, 2], data, tags: ['a'] }, '')).toEqual({ kind: 'put', key: [1, 2], data, tags: ['a'] });
  });

  it.each([
    [{ kind: 'pong', n: 1 }, /unknown kind/],
    [{ n: 1 }, /unknown kind/],
    [{ kind: 'ping' }, /missing field "n"/],
    [{ kind: 'ping', n: -1 }, /non-negative integer/],
    [{ kind: 'ping', n: 1.5 }, /non-negative integer/],
    [{ kind: 'ping', n: 2 ** 60 }, /non-negative integer/],
    [{ kind: 'ping', n: '1' }, /non-negative integer, got string/],
    [{ kind: 'ping', n: 1, extra: 1 }, /unknown field "extra"/],
    [{ kind: 'ping', n: 1, note: 'x'.repeat(11) }, /longer than 10/],
    [{ kind: 'put', key: [1], data: Buffer.alloc(0), tags: [] }, /expected 2 elements/],
    [{ kind: 'put', key: [1, 2], data: 'ab', tags: [] }, /expected binary/],
    [{ kind: 'put', key: [1, 2], data: Buffer.alloc(0), tags: ['a', 'b', 'c', 'd'] }, /longer than 3/],
    [[1, 2], /expected an object, got array/],
    [null, /expected an object, got null/],
  ])('refuses %j', (value, reason) => {
    expect(() => message(value, '')).toThrow(SchemaError);
    expect(() => message(value, '')).toThrow(reason);
  });

  it('does not read fields through the prototype', () => {
    const sneaky = Object.create({ n: 1 }) as Record<string, unknown>;
    sneaky.kind = 'ping';
    expect(() => message(sneaky, '')).toThrow(/expected an object/);
  });

  it('names the path of a bad nested field', () => {
    expect(() => message({ kind: 'put', key: [1, 'x'], data: Buffer.alloc(0), tags: [] }, 'body')).toThrow(/body\.key\[1\]/);
  });
});
