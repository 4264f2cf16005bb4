import { describe, expect, it } from 'vitest';
import { throwIfCallEnded, whileCallLasts } from '../src/call-signal.ts';

describe('the end of the call a command serves', () => {
  it('is nothing outside a call', () => {
    expect(() => throwIfCallEnded()).not.toThrow();
  });

  it('is not reached while the call lasts', async () => {
    const call = { signal: new AbortController().signal, deadline: new Date(Date.now() + 60_000) };
    await expect(whileCallLasts(call, async () => throwIfCallEnded())).resolves.toBeUndefined();
  });

  it('is reached when the client cancelled', async () => {
    const cancelled = new AbortController();
    cancelled.abort(new Error('cancelled by the client'));
    await expect(
      whileCallLasts({ signal: cancelled.signal, deadline: undefined }, async () => throwIfCallEnded()),
    ).rejects.toThrow('cancelled by the client');
  });

  it('is reached once the deadline has passed, before the timer that aborts the signal has run', async () => {
    const call = { signal: new AbortController().signal, deadline: new Date(Date.now() - 1) };
    await expect(whileCallLasts(call, async () => throwIfCallEnded())).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('follows the work through awaits', async () => {
    const call = { signal: new AbortController().signal, deadline: new Date(Date.now() - 1) };
    const work = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      throwIfCallEnded();
    };
    await expect(whileCallLasts(call, work)).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
