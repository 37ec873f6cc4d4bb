import { describe, expect, it } from 'vitest';
import { SignInLimiter, type SignInLimits } from './sign-in-limiter';

const limits = (overrides: Partial<SignInLimits>): SignInLimits => ({
  windowMs: 1000,
  maxAccountFailures: 100,
  maxAccountFailuresOverall: 100,
  maxAddressFailures: 100,
  ...overrides,
});

describe('SignInLimiter', () => {
  it('locks an account for the address its failures came from, for the rest of the window', () => {
    let now = 0;
    const limiter = new SignInLimiter(limits({ maxAccountFailures: 2 }), () => now);
    for (let i = 0; i < 2; i++) {
      expect(limiter.attempt('a@x.com', '1.1.1.1')).toBeUndefined();
      limiter.failed('a@x.com', '1.1.1.1');
    }
    now = 10;
    expect(limiter.attempt('a@x.com', '1.1.1.1')).toEqual({ retryAt: new Date(1000), reason: 'account' });
    // Someone else's wrong guesses do not lock the user out from their own address.
    expect(limiter.attempt('a@x.com', '2.2.2.2')).toBeUndefined();
    expect(limiter.attempt('b@x.com', '1.1.1.1')).toBeUndefined();
    now = 1001;
    expect(limiter.attempt('a@x.com', '1.1.1.1')).toBeUndefined();
  });

  it('locks an account everywhere past the higher overall threshold', () => {
    const limiter = new SignInLimiter(
      limits({ maxAccountFailures: 2, maxAccountFailuresOverall: 4 }),
      () => 0,
    );
    for (const address of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4']) limiter.failed('a@x.com', address);
    expect(limiter.attempt('a@x.com', '9.9.9.9')?.reason).toBe('account');
    expect(limiter.attempt('b@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('caps failures per address, whichever accounts they name', () => {
    let now = 0;
    const limiter = new SignInLimiter(limits({ maxAddressFailures: 3 }), () => now);
    for (const email of ['a@x.com', 'b@x.com', 'c@x.com']) {
      expect(limiter.attempt(email, '9.9.9.9')).toBeUndefined();
      limiter.failed(email, '9.9.9.9');
    }
    expect(limiter.attempt('d@x.com', '9.9.9.9')?.reason).toBe('address');
    expect(limiter.attempt('d@x.com', '8.8.8.8')).toBeUndefined();
    now = 1000;
    expect(limiter.attempt('d@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('never counts successful sign-ins against an address (an office behind one address)', () => {
    const limiter = new SignInLimiter(limits({ maxAddressFailures: 3 }), () => 0);
    for (let i = 0; i < 50; i++) {
      expect(limiter.attempt(`user-${i}@x.com`, '9.9.9.9')).toBeUndefined();
      limiter.succeeded(`user-${i}@x.com`, '9.9.9.9');
    }
  });

  it('clears an account’s failures from that address on success, not elsewhere', () => {
    const limiter = new SignInLimiter(limits({ maxAccountFailures: 1 }), () => 0);
    limiter.failed('a@x.com', '1.1.1.1');
    limiter.failed('a@x.com', '2.2.2.2');
    limiter.succeeded('a@x.com', '1.1.1.1');
    expect(limiter.attempt('a@x.com', '1.1.1.1')).toBeUndefined();
    expect(limiter.attempt('a@x.com', '2.2.2.2')?.reason).toBe('account');
  });
});
