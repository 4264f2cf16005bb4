// The embedded chain (`npm start`) under the simulator's load, and the dashboard's queries over what it made.
//   npm run bench:embedded            [BENCH_DAYS=14] [BENCH_SCALE=1] [BENCH_SEED=1] [BENCH_CONCURRENCY=8]
// Prints: start-up time; commands/s through the services' real HTTP APIs; time until the ledger has applied every
// event and settled its figures; p50/p99 of the dashboard's requests (KPIs, flows, UPV report, a municipality trace,
// a lot's backward trace); the page's bytes; peak RSS. One process, PGlite per service, as `vezel up` runs it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedChain } from '../src/embedded/index.ts';
import { driveSimulation, simulateChain } from '../src/simulator/index.ts';

const numberFrom = (name: string, fallback: number): number => {
  const text = process.env[name];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
};
const days = numberFrom('BENCH_DAYS', 14);
const scale = numberFrom('BENCH_SCALE', 1);
const seed = numberFrom('BENCH_SEED', 1);
const concurrency = numberFrom('BENCH_CONCURRENCY', 8);
const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(1);

const dataDir = await mkdtemp(join(tmpdir(), 'vezel-bench-embedded-'));
try {
  let started = performance.now();
  const chain = await startEmbeddedChain({ dataDir, httpPort: 0, grpcPort: 0 });
  const operator = { authorization: `Bearer ${chain.apiKey}` };
  console.log(`embedded chain up in ${seconds(started)} s (data in ${dataDir})`);

  const simulated = simulateChain({ seed, days, scale });
  started = performance.now();
  await driveSimulation(simulated.commands, { urlOf: () => chain.url, apiKey: chain.apiKey, concurrency });
  const driveSeconds = (performance.now() - started) / 1000;
  console.log(
    `simulator: ${simulated.commands.length} commands (${days} days, scale ${scale}) in ${driveSeconds.toFixed(1)} s: ` +
      `${(simulated.commands.length / driveSeconds).toFixed(1)} commands/s at concurrency ${concurrency}`,
  );

  const settling = performance.now();
  for (;;) {
    const lag = (await (await fetch(`${chain.url}/v1/ledger/lag`, { headers: operator })).json()) as {
      eventsBehind: number;
      derivedPending: number;
    };
    if (lag.eventsBehind === 0 && lag.derivedPending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`ledger settled ${seconds(settling)} s after the last command (${seconds(started)} s after the first)`);

  const period = 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
  const municipality = [...simulated.collectedGrams.keys()][0]!;
  const flows = (await (await fetch(`${chain.url}/v1/ledger/flows?${period}`, { headers: operator })).json()) as {
    flows: unknown[];
  };
  const lotId = (
    simulated.commands.find((command) => command.path === 'runs')?.body as { outputs?: { lotId: string }[] } | undefined
  )?.outputs?.[0]?.lotId;
  const requests: Record<string, string> = {
    kpis: `/v1/ledger/kpis?${period}`,
    flows: `/v1/ledger/flows?${period}`,
    'upv report': '/v1/ledger/reports/upv?year=2026',
    'municipality trace': `/v1/ledger/trace/forward?municipality=${municipality}&${period}`,
    ...(lotId === undefined ? {} : { 'lot backward trace': `/v1/ledger/trace/backward?node=${lotId}` }),
  };
  const rounds = 50;
  for (const [name, path] of Object.entries(requests)) {
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const at = performance.now();
      const response = await fetch(`${chain.url}${path}`, { headers: operator });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      times.push(performance.now() - at);
    }
    times.sort((a, b) => a - b);
    const quantile = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(
      `dashboard request ${name.padEnd(20)} p50 ${quantile(0.5)} ms  p99 ${quantile(0.99)} ms  (${rounds} requests)`,
    );
  }
  console.log(`flows: ${flows.flows.length} rows for the Sankey diagram`);

  let pageBytes = 0;
  for (const asset of [
    '/dashboard/',
    '/dashboard/app.js',
    '/dashboard/dashboard.css',
    '/dashboard/vendor/echarts.min.js',
  ]) {
    pageBytes += (await (await fetch(`${chain.url}${asset}`)).arrayBuffer()).byteLength;
  }
  console.log(
    `dashboard page: ${(pageBytes / 1024).toFixed(0)} KiB for the page, its entry script, styles and ECharts (uncompressed)`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  await chain.stop();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
