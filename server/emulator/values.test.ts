import { describe, expect, it } from 'vitest';
import { type FieldDef, findField } from './fields';
import { decodePageToken, encodePageToken } from './page-token';
import { coerceValue } from './values';

const field = (name: string): FieldDef => {
  const found = findField(name);
  if (!found) throw new Error(name);
  return found;
};

describe('coerceValue', () => {
  it.each([
    ['leadScore', '42', 42],
    ['leadScore', -7, -7],
    ['urgency', '0.5', 0.5],
    ['unsubscribed', 'TRUE', true],
    ['unsubscribed', false, false],
    ['dateOfBirth', '1990-04-01T10:00:00Z', '1990-04-01'],
    ['lastWebinarAt', '2026-03-01', '2026-03-01T00:00:00Z'],
    ['lastWebinarAt', '2026-03-01T10:00:00', '2026-03-01T10:00:00Z'],
    ['lastWebinarAt', '2026-03-01T10:00:00+0530', '2026-03-01T04:30:00Z'],
    ['firstName', 42, '42'],
    ['email', 'a.b+tag@example.co.uk', 'a.b+tag@example.co.uk'],
    ['firstName', null, null],
    ['firstName', '', null],
  ] as const)('accepts %s = %j as %j', (name, raw, value) => {
    expect(coerceValue(field(name), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['leadScore', '4e2'],
    ['leadScore', true],
    ['urgency', 'NaN'],
    ['unsubscribed', 1],
    ['dateOfBirth', '01/04/1990'],
    ['lastWebinarAt', '2026-13-01T00:00:00Z'],
    ['email', 'no-at-sign'],
    ['email', 'a b@example.com'],
    ['firstName', ['array']],
  ] as const)('refuses %s = %j', (name, raw) => {
    expect(coerceValue(field(name), raw)).toMatchObject({ ok: false });
  });
});

describe('page tokens', () => {
  it('round-trip for the same query only, in upper-case base32', () => {
    const token = encodePageToken(300, 'abc123');
    expect(token).toMatch(/^[A-Z2-7]+$/);
    expect(decodePageToken(token, 'abc123')).toBe(300);
    expect(decodePageToken(token, 'other')).toBeUndefined();
    expect(decodePageToken('not a token', 'abc123')).toBeUndefined();
  });
});
