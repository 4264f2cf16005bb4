import { describe, expect, it } from 'vitest';
import { textLines } from '../../src/adapters/postgres/text-lines.ts';

describe('textLines', () => {
  it('joins values a line each, and no values as the empty text PostgreSQL reads as no element', () => {
    expect(textLines(['E-1', 'BatchCollected', '2026-01-01T00:00:00.000Z'])).toBe(
      'E-1\nBatchCollected\n2026-01-01T00:00:00.000Z',
    );
    expect(textLines([])).toBe('');
  });

  it('refuses a value that would not read back as itself: empty, or holding a line break', () => {
    expect(() => textLines(['E-1', ''])).toThrow(/empty or holds a line break: ""/);
    expect(() => textLines(['E-1\nE-2'])).toThrow(/"E-1\\nE-2"/);
  });
});
