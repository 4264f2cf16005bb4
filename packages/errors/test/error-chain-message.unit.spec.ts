import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../src/index.ts';

describe('errorChainMessage', () => {
  it('follows the causes and the last of the gathered errors, leaving repeats and empty messages out', () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const tries = new AggregateError(
      [new Error('first try'), new Error('', { cause: refused })],
      'metadata failed 2 times.',
    );
    const wrapped = new Error('listing topics failed', { cause: new Error('listing topics failed', { cause: tries }) });
    expect(errorChainMessage(wrapped)).toBe(
      'listing topics failed: metadata failed 2 times.: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('shows what is not an Error as a string', () => {
    expect(errorChainMessage('socket hang up')).toBe('socket hang up');
    expect(errorChainMessage(undefined)).toBe('undefined');
  });
});
