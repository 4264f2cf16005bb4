import { parseArgs } from 'node:util';
import { apiKeyFor } from './api-credential.ts';
import { chainBaseOf } from './chain-url.ts';
import { driveSimulation } from './simulator/drive-simulation.ts';
import { simulateChain } from './simulator/simulate-chain.ts';
import { progressBar } from './progress-bar.ts';
import { UsageError } from './usage-error.ts';

export const simulateUsage = `vezel simulate [--url http://127.0.0.1:8080] [--seed 1] [--days 28] [--scale 1]
  drives a simulated charity textile chain through the services' HTTP APIs (deterministic for a seed)`;

/** `vezel simulate`: generates the chain and sends it to a running chain's APIs, with a progress bar. */
export async function simulateCommand(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      url: { type: 'string' },
      seed: { type: 'string', default: '1' },
      days: { type: 'string', default: '28' },
      scale: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const seed = wholeNumber('--seed', values.seed, 0, 2 ** 31);
  const days = wholeNumber('--days', values.days, 1, 3_650);
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new UsageError(`--scale must be a number above 0 and at most 100, got "${values.scale}"`);
  const origin = chainBaseOf(values.url);
  const chain = simulateChain({ seed, days, scale });
  const apiKey = apiKeyFor(origin);
  const ms = await driveSimulation(chain.commands, {
    urlOf: () => origin,
    onProgress: progressBar('simulating'),
    ...(apiKey === undefined ? {} : { apiKey }),
  });
  const kilograms = [...chain.collectedGrams.values()].reduce((sum, grams) => sum + grams, 0) / 1000;
  process.stdout.write(
    `sent ${chain.commands.length} commands in ${(ms / 1000).toFixed(1)} s (${Math.round(chain.commands.length / (ms / 1000))} commands/s): ` +
      `${kilograms.toLocaleString('en-US')} kg collected in ${chain.collectedGrams.size} municipalities over ${days} days\n`,
  );
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}
