import { municipalityOf } from '@vezel/municipalities';
import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../src/simulator/chain-places.ts';
import { simulateChain, type ChainCommand } from '../src/simulator/simulate-chain.ts';

const grams = (value: unknown): number => {
  expect(Number.isSafeInteger(value)).toBe(true);
  return value as number;
};
const sum = (entries: unknown, field = 'grams'): number =>
  (entries as Record<string, unknown>[]).reduce((total, entry) => total + grams(entry[field]), 0);
const bodiesOf = (commands: readonly ChainCommand[], service: string, path: string) =>
  commands.filter((command) => command.service === service && command.path === path).map((command) => command.body);

describe('the chain simulator', () => {
  const chain = simulateChain({ seed: 7, days: 21, scale: 1 });

  it('is deterministic for a seed, and another seed gives another chain', () => {
    expect(simulateChain({ seed: 7, days: 21, scale: 1 })).toEqual(chain);
    expect(simulateChain({ seed: 8, days: 21, scale: 1 }).commands).not.toEqual(chain.commands);
  });

  it('keeps the commands in time order', () => {
    const times = chain.commands.map((command) => command.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('balances every sorting and processing run to the gram, in integer grams', () => {
    const runs = [...bodiesOf(chain.commands, 'sorting', 'runs'), ...bodiesOf(chain.commands, 'recycling', 'runs')];
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) {
      expect(sum(run['outputs']) + grams(run['lossGrams'])).toBe(sum(run['inputs']));
    }
  });

  it('sorts in docs/domain.md proportions: about half reused, a tenth or more residue', () => {
    const outputs = bodiesOf(chain.commands, 'sorting', 'runs').flatMap(
      (run) => run['outputs'] as Record<string, unknown>[],
    );
    const total = sum(outputs);
    const share = (prefix: string) =>
      sum(outputs.filter((output) => String(output['fraction']).startsWith(prefix))) / total;
    expect(share('reuse.')).toBeGreaterThan(0.5);
    expect(share('recycling.')).toBeGreaterThan(0.25);
    expect(share('residual.')).toBeGreaterThan(0.1);
  });

  it('never sells, gives or returns more of a lot than its store received', () => {
    const received = new Map(
      bodiesOf(chain.commands, 'retail', 'receipts').map((receipt) => [receipt['lotId'], grams(receipt['grams'])]),
    );
    const used = new Map<unknown, number>();
    for (const path of ['sales', 'donations', 'returns']) {
      for (const body of bodiesOf(chain.commands, 'retail', path))
        used.set(body['lotId'], (used.get(body['lotId']) ?? 0) + grams(body['grams']));
    }
    expect(used.size).toBeGreaterThan(0);
    for (const [lotId, grams] of used) expect(grams).toBeLessThanOrEqual(received.get(lotId) ?? 0);
  });

  it("ends with every lot a processor received made into products, the stores' returns upcycled too", () => {
    for (const short of [chain, simulateChain({ seed: 1, days: 14, scale: 1 })]) {
      const received = short.commands.filter(
        (command) => command.service === 'recycling' && command.path === 'receipts',
      );
      const processed = new Set(
        short.commands
          .filter((command) => command.service === 'recycling' && command.path === 'runs')
          .flatMap((command) => (command.body as { inputs: { nodeId: string }[] }).inputs.map((input) => input.nodeId)),
      );
      expect(received.length).toBeGreaterThan(0);
      expect(received.filter((command) => !processed.has((command.body as { lotId: string }).lotId))).toEqual([]);
      expect(
        short.commands.some(
          (command) =>
            command.path === 'runs' &&
            (command.body as { processorId?: string }).processorId === 'PROC-UPCYCLE-AMSTERDAM',
        ),
      ).toBe(true);
    }
  });

  it('tallies the grams it collected per municipality, for real CBS codes', () => {
    const containers = new Map(
      bodiesOf(chain.commands, 'collection', 'containers').map((body) => [body['containerId'], body['municipality']]),
    );
    const tally = new Map<string, number>();
    for (const batch of bodiesOf(chain.commands, 'collection', 'batches')) {
      const municipality = String(containers.get(batch['containerId']));
      tally.set(municipality, (tally.get(municipality) ?? 0) + grams(batch['grams']));
    }
    expect(tally).toEqual(chain.collectedGrams);
    for (const code of tally.keys()) expect(MUNICIPALITIES.map((municipality) => municipality.code)).toContain(code);
  });
});

describe('the simulated municipalities', () => {
  it('are real: each code is on the CBS list, under the name the list gives it', () => {
    expect(MUNICIPALITIES.map((m) => [m.code, municipalityOf(m.code)?.name])).toEqual(
      MUNICIPALITIES.map((m) => [m.code, m.name]),
    );
  });
});
