/**
 * What happens next in a simulation: actions by time (milliseconds since the epoch), earliest first, and among
 * equal times in the order they were scheduled, so a run of the same seed always unfolds the same way. A binary
 * heap: only what is open (batches on the road, lots waiting, shops selling) is in it, never the whole chain.
 */
export interface EventCalendar {
  schedule(at: number, action: (at: number) => void): void;
  /** Runs the earliest action; false when nothing is scheduled. */
  runNext(): boolean;
  readonly size: number;
}

interface Entry {
  readonly at: number;
  readonly order: number;
  readonly action: (at: number) => void;
}

export function createEventCalendar(): EventCalendar {
  const heap: Entry[] = [];
  let scheduled = 0;
  const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);

  return {
    schedule(at, action) {
      const entry: Entry = { at, order: scheduled++, action };
      let index = heap.push(entry) - 1;
      while (index > 0) {
        const parent = (index - 1) >> 1;
        if (!before(entry, heap[parent]!)) break;
        heap[index] = heap[parent]!;
        index = parent;
      }
      heap[index] = entry;
    },
    runNext() {
      const first = heap[0];
      if (first === undefined) return false;
      const last = heap.pop()!;
      if (heap.length > 0) {
        let index = 0;
        for (;;) {
          const left = 2 * index + 1;
          if (left >= heap.length) break;
          const right = left + 1;
          const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
          if (!before(heap[child]!, last)) break;
          heap[index] = heap[child]!;
          index = child;
        }
        heap[index] = last;
      }
      first.action(first.at);
      return true;
    },
    get size() {
      return heap.length;
    },
  };
}
