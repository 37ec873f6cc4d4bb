import { describe, expect, it } from 'vitest';
import { MarketoUnavailableError } from '../marketo/errors';
import { CoordinationUnavailableError } from '../marketo/shared/coordination-error';
import { classify } from './runner-failures';

describe('classify', () => {
  it('resends a chunk refused because the replicas could not reach Redis: it was never sent', () => {
    const redisAway = new CoordinationUnavailableError(new Error('connect ECONNREFUSED'));
    expect(classify(redisAway)).toEqual({ kind: 'refused' });
    // Unlike an outage of Marketo that cut an attempt short, which may have run.
    const cutShort = new MarketoUnavailableError('deadline', 'gone', undefined, {
      cause: new Error('deadline'),
    });
    expect(classify(cutShort)).toEqual({ kind: 'maybe-ran' });
  });
});
