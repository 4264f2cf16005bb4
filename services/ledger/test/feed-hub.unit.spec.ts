import { describe, expect, it } from 'vitest';
import { createFeedHub } from '../src/app/feed-hub.ts';

describe('the feed hub’s unread budget', () => {
  it('lets streams hold what they like under the budget, and cuts those over an even share above it', () => {
    const hub = createFeedHub({ maxUnreadBytesTotal: 1_000 });
    const [a, b, c] = [{}, {}, {}];
    expect(hub.unread(a, 600)).toBe(true);
    expect(hub.unread(b, 300)).toBe(true);
    // 1,100 held: c holds 200, under its share (366): it may go on; a, at 600, may not.
    expect(hub.unread(c, 200)).toBe(true);
    expect(hub.unread(a, 600)).toBe(false);
    // a read some: 900 held, under the budget again.
    expect(hub.unread(a, 400)).toBe(true);
    // A stream that ended holds nothing and has no share.
    hub.unread(a, 0);
    expect(hub.unread(b, 700)).toBe(true);
    expect(hub.unread(c, 600)).toBe(false);
  });
});

describe('waiting on the feed hub', () => {
  it('ends a wait at once when the process is already stopping, instead of after the poll interval', async () => {
    const hub = createFeedHub();
    const stopped = AbortSignal.abort();
    // An hour's poll: the test would time out if the wait missed an abort that came before it began.
    await hub.next(3_600_000, stopped);
    expect(stopped.aborted).toBe(true);
  });
});
