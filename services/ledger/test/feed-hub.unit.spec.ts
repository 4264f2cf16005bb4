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
