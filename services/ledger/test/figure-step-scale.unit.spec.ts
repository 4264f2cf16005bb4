import { describe, expect, it } from 'vitest';
import { FigureWorkOutOfMemoryError } from '../src/app/figure-work-errors.ts';
import { createFigureStepScale } from '../src/app/figure-step-scale.ts';

const outOfMemory = new FigureWorkOutOfMemoryError(new Error('Worker terminated due to reaching memory limit'));

describe("a refresh loop's step scale", () => {
  it('halves the steps after each refresh that ran out of memory, and not after other failures', () => {
    const scale = createFigureStepScale();
    expect(scale.factor).toBe(1);
    expect(scale.failed(new Error('connection lost'))).toBe(false);
    expect(scale.factor).toBe(1);
    expect(scale.failed(outOfMemory)).toBe(true);
    expect(scale.failed(outOfMemory)).toBe(true);
    expect(scale.factor).toBe(0.25);
  });

  it('doubles them again after twenty good refreshes in a row, up to full size', () => {
    const scale = createFigureStepScale();
    scale.failed(outOfMemory);
    scale.failed(outOfMemory);
    for (let n = 0; n < 19; n += 1) scale.succeeded();
    expect(scale.factor).toBe(0.25);
    // A failure in between starts the count again.
    scale.failed(new Error('connection lost'));
    for (let n = 0; n < 19; n += 1) scale.succeeded();
    expect(scale.factor).toBe(0.25);
    scale.succeeded();
    expect(scale.factor).toBe(0.5);
    for (let n = 0; n < 40; n += 1) scale.succeeded();
    expect(scale.factor).toBe(1);
    for (let n = 0; n < 40; n += 1) scale.succeeded();
    expect(scale.factor).toBe(1);
  });

  it('stops shrinking at a 1,024th, and says so, so a loop that gives up after failures in a row can', () => {
    const scale = createFigureStepScale();
    for (let n = 0; n < 10; n += 1) expect(scale.failed(outOfMemory)).toBe(true);
    expect(scale.factor).toBe(1 / 1024);
    expect(scale.failed(outOfMemory)).toBe(false);
    expect(scale.factor).toBe(1 / 1024);
  });
});
