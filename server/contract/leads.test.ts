import { describe, expect, it } from 'vitest';
import { EmailSchema, LeadIdParamsSchema, LeadWriteRequestSchema, MoveLeadsRequestSchema } from './leads';

function issuePaths(input: unknown): string[] {
  const result = LeadWriteRequestSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('LeadWriteRequestSchema', () => {
  it('defaults to createOrUpdate by email', () => {
    const parsed = LeadWriteRequestSchema.parse({ leads: [{ email: 'ana@example.mx' }] });
    expect(parsed).toMatchObject({ action: 'createOrUpdate', lookupField: 'email' });
  });

  it('names the lead that lacks its lookup value', () => {
    expect(issuePaths({ leads: [{ email: 'a@example.com' }, { firstName: 'Ana' }] })).toEqual([
      'leads.1.email',
    ]);
  });

  it('lets createOnly leads go without a lookup value', () => {
    expect(issuePaths({ action: 'createOnly', leads: [{ firstName: 'Ana' }] })).toEqual([]);
  });

  it('refuses an id outside updateOnly and lookup by id outside updateOnly', () => {
    expect(issuePaths({ action: 'createOnly', lookupField: 'id', leads: [{ id: 4 }] })).toEqual([
      'lookupField',
      'leads.0.id',
    ]);
  });

  it('refuses prototype keys, non-ASCII email and more than 1,000 leads', () => {
    expect(issuePaths({ leads: [JSON.parse('{"email":"a@example.com","__proto__":"x"}')] })).toEqual([
      'leads.0.__proto__',
    ]);
    expect(issuePaths({ leads: [{ email: 'josé@example.mx' }] })).toEqual(['leads.0.email']);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ email: `l${i}@example.com` }));
    expect(issuePaths({ leads: tooMany })).toEqual(['leads']);
  });
});

describe('EmailSchema', () => {
  it("accepts what Marketo accepts and nothing that would split Marketo's comma-separated filter", () => {
    for (const email of [
      'ana@example.mx',
      "o'neil+promo@mail.example.co.uk",
      'a_b-c@sub-domain.example.com',
    ]) {
      expect(EmailSchema.safeParse(email).success, email).toBe(true);
    }
    for (const email of [
      'x,jordan.reyes@example.com',
      'a b@example.com',
      'josé@example.mx',
      'a@b',
      '@example.com',
    ]) {
      expect(EmailSchema.safeParse(email).success, email).toBe(false);
    }
  });
});

describe('lead ids', () => {
  it('accepts digits only in a URL', () => {
    expect(LeadIdParamsSchema.parse({ id: '318816' })).toEqual({ id: 318816 });
    for (const id of ['-1', '0', '1e3', '0x10', ' 7', '12abc', '99999999999']) {
      expect(LeadIdParamsSchema.safeParse({ id }).success, id).toBe(false);
    }
  });

  it('accepts whole positive numbers in a move', () => {
    expect(MoveLeadsRequestSchema.safeParse({ ids: [1, 2], partitionName: 'Canada' }).success).toBe(true);
    expect(MoveLeadsRequestSchema.safeParse({ ids: ['1'], partitionName: 'Canada' }).success).toBe(false);
    expect(MoveLeadsRequestSchema.safeParse({ ids: [1.5], partitionName: 'Canada' }).success).toBe(false);
  });
});
