import { describe, expect, it } from 'vitest';
import { entityKey } from './entity-key';

describe('entityKey', () => {
  it('is FNV-1a over UTF-16 code units as a signed 32-bit integer: stable across versions and platforms', () => {
    expect(entityKey('')).toBe(0x811c9dc5 | 0);
    expect(entityKey('a')).toBe(0xe40c292c | 0);
    expect(entityKey('contact-946978')).toBe(-209792935);
    expect(Number.isInteger(entityKey('Zoë 😀'))).toBe(true);
  });

  it('can collide (so lookups compare the id too): contact-946978 and contact-1482446 share a key', () => {
    expect(entityKey('contact-1482446')).toBe(entityKey('contact-946978'));
  });
});
