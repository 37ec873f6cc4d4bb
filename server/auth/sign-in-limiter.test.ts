import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  it('locks an account after its failures for the rest of the window', () => {
    let now = 0;
    const limiter = new SignInLimiter(
      { windowMs: 1000, maxAccountFailures: 2, maxAddressAttempts: 100 },
      () => now,
    );
    for (let i = 0; i < 2; i++) {
      expect(limiter.attempt('a@x.com', '1.1.1.1')).toBeUndefined();
      limiter.failed('a@x.com');
    }
    now = 10;
    expect(limiter.attempt('a@x.com', '2.2.2.2')).toEqual({ retryAt: new Date(1000), reason: 'account' });
    expect(limiter.attempt('b@x.com', '1.1.1.1')).toBeUndefined();
    now = 1001;
    expect(limiter.attempt('a@x.com', '1.1.1.1')).toBeUndefined();
  });

  it('caps attempts per address, whichever accounts they name', () => {
    let now = 0;
    const limiter = new SignInLimiter(
      { windowMs: 1000, maxAccountFailures: 100, maxAddressAttempts: 3 },
      () => now,
    );
    for (const email of ['a@x.com', 'b@x.com', 'c@x.com'])
      expect(limiter.attempt(email, '9.9.9.9')).toBeUndefined();
    expect(limiter.attempt('d@x.com', '9.9.9.9')?.reason).toBe('address');
    expect(limiter.attempt('d@x.com', '8.8.8.8')).toBeUndefined();
    now = 1000;
    expect(limiter.attempt('d@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('clears an account’s failures on success', () => {
    const limiter = new SignInLimiter(
      { windowMs: 1000, maxAccountFailures: 1, maxAddressAttempts: 100 },
      () => 0,
    );
    limiter.failed('a@x.com');
    limiter.succeeded('a@x.com');
    expect(limiter.attempt('a@x.com', '1.1.1.1')).toBeUndefined();
  });
});
