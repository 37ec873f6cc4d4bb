import { describe, expect, it } from 'vitest';
import { SignInLimiter, type SignInAttempt, type SignInLimits, type SignInRefusal } from './sign-in-limiter';

const limits = (overrides: Partial<SignInLimits>): SignInLimits => ({
  windowMs: 1000,
  maxAccountFailures: 100,
  maxAccountFailuresOverall: 100,
  maxAddressFailures: 100,
  ...overrides,
});

/** Starts an attempt that must be let through. */
function started(limiter: SignInLimiter, email: string, address: string): SignInAttempt {
  const result = limiter.start(email, address);
  if (!('attempt' in result)) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.attempt;
}

function refusal(limiter: SignInLimiter, email: string, address: string): SignInRefusal | undefined {
  const result = limiter.start(email, address);
  if ('refused' in result) return result.refused;
  result.attempt.abandoned();
  return undefined;
}

describe('SignInLimiter', () => {
  it('locks an account for the address its failures came from, for the rest of the window', () => {
    let now = 0;
    const limiter = new SignInLimiter(limits({ maxAccountFailures: 2 }), () => now);
    for (let i = 0; i < 2; i++) started(limiter, 'a@x.com', '1.1.1.1').failed();
    now = 10;
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toEqual({ retryAt: new Date(1000), reason: 'account' });
    // Someone else's wrong guesses do not lock the user out from their own address.
    expect(refusal(limiter, 'a@x.com', '2.2.2.2')).toBeUndefined();
    expect(refusal(limiter, 'b@x.com', '1.1.1.1')).toBeUndefined();
    now = 1001;
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
  });

  it('counts an attempt from its start: concurrent guesses past the limit are refused while they run', () => {
    const limiter = new SignInLimiter(limits({ maxAccountFailures: 5 }), () => 0);
    const running = Array.from({ length: 5 }, () => started(limiter, 'a@x.com', '1.1.1.1'));
    // The right password arriving now is refused too: 5 checks are already in flight from this address.
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toEqual({ retryAt: new Date(2000), reason: 'account' });
    for (const attempt of running) attempt.failed();
    // Settled as failures, they lock for the window, not just a moment.
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toEqual({ retryAt: new Date(1000), reason: 'account' });
  });

  it('stops counting an attempt that succeeded or was abandoned, and settles each attempt once', () => {
    const limiter = new SignInLimiter(limits({ maxAccountFailures: 2 }), () => 0);
    const one = started(limiter, 'a@x.com', '1.1.1.1');
    const two = started(limiter, 'a@x.com', '1.1.1.1');
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')?.reason).toBe('account');
    one.abandoned();
    one.failed();
    two.succeeded();
    two.failed();
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
    started(limiter, 'a@x.com', '1.1.1.1').failed();
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
  });

  it('locks an account everywhere past the higher overall threshold, except where it signed in lately', () => {
    let now = 0;
    const limiter = new SignInLimiter(
      limits({ maxAccountFailures: 2, maxAccountFailuresOverall: 4, trustMs: 500 }),
      () => now,
    );
    started(limiter, 'a@x.com', '7.7.7.7').succeeded();
    for (const address of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'])
      started(limiter, 'a@x.com', address).failed();
    expect(refusal(limiter, 'a@x.com', '9.9.9.9')?.reason).toBe('account');
    expect(refusal(limiter, 'b@x.com', '9.9.9.9')).toBeUndefined();
    // The address the user signed in from is theirs: strangers' guesses elsewhere do not lock it.
    expect(refusal(limiter, 'a@x.com', '7.7.7.7')).toBeUndefined();
    // Past `trustMs` since that sign-in, the address is like any other (the failures are still in the window).
    now = 500;
    expect(refusal(limiter, 'a@x.com', '7.7.7.7')?.reason).toBe('account');
  });

  it('does not trust an address for an account that never signed in from it', () => {
    const limiter = new SignInLimiter(limits({ maxAccountFailuresOverall: 2, trustMs: 5000 }), () => 0);
    started(limiter, 'b@x.com', '7.7.7.7').succeeded();
    started(limiter, 'a@x.com', '1.1.1.1').failed();
    started(limiter, 'a@x.com', '2.2.2.2').failed();
    expect(refusal(limiter, 'a@x.com', '7.7.7.7')?.reason).toBe('account');
  });

  it('caps failures per address, whichever accounts they name', () => {
    let now = 0;
    const limiter = new SignInLimiter(limits({ maxAddressFailures: 3 }), () => now);
    for (const email of ['a@x.com', 'b@x.com', 'c@x.com']) started(limiter, email, '9.9.9.9').failed();
    expect(refusal(limiter, 'd@x.com', '9.9.9.9')?.reason).toBe('address');
    expect(refusal(limiter, 'd@x.com', '8.8.8.8')).toBeUndefined();
    now = 1000;
    expect(refusal(limiter, 'd@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('never counts successful sign-ins against an address (an office behind one address)', () => {
    const limiter = new SignInLimiter(limits({ maxAddressFailures: 3 }), () => 0);
    for (let i = 0; i < 50; i++) started(limiter, `user-${i}@x.com`, '9.9.9.9').succeeded();
    expect(refusal(limiter, 'late@x.com', '9.9.9.9')).toBeUndefined();
  });

  it('clears an account’s failures from that address on success, not elsewhere', () => {
    const limiter = new SignInLimiter(limits({ maxAccountFailures: 2 }), () => 0);
    started(limiter, 'a@x.com', '1.1.1.1').failed();
    started(limiter, 'a@x.com', '2.2.2.2').failed();
    started(limiter, 'a@x.com', '1.1.1.1').succeeded();
    // 1.1.1.1 starts afresh, so one more failure there does not lock it; 2.2.2.2 keeps its failure.
    started(limiter, 'a@x.com', '1.1.1.1').failed();
    expect(refusal(limiter, 'a@x.com', '1.1.1.1')).toBeUndefined();
    started(limiter, 'a@x.com', '2.2.2.2').failed();
    expect(refusal(limiter, 'a@x.com', '2.2.2.2')?.reason).toBe('account');
  });
});
