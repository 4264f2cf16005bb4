import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, startTelemetry, telemetryExportConfigured, type Telemetry } from '@vezel/telemetry';
import { startEmbeddedChain, type EmbeddedChain } from './embedded/start-embedded-chain.ts';
import { progressBar } from './progress-bar.ts';
import { SIMULATED_STORE_PLACES } from './simulator/chain-places.ts';
import { driveSimulation } from './simulator/drive-simulation.ts';
import { simulateChain } from './simulator/simulate-chain.ts';
import { UsageError } from './usage-error.ts';

export const upUsage = `vezel up [--port 8080] [--grpc-port 9090] [--data-dir ./.vezel] [--host 127.0.0.1] [--no-demo]
  the whole chain in this process: five services on one HTTP port, PGlite databases under --data-dir, the
  PostgreSQL event transport; data survives a restart; an empty chain first gets two weeks of simulated demo
  data unless --no-demo`;

/** The demo: two weeks of the simulated chain, about a thousand commands (PGlite runs them in some 30 s). */
const DEMO = { seed: 1, days: 14, scale: 1 } as const;

/** `vezel up`: starts the embedded chain and runs until SIGINT / SIGTERM. */
export async function upCommand(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '8080' },
      'grpc-port': { type: 'string', default: '9090' },
      'data-dir': { type: 'string', default: './.vezel' },
      host: { type: 'string', default: '127.0.0.1' },
      demo: { type: 'boolean', default: true },
      'no-demo': { type: 'boolean' },
    },
    strict: true,
  });
  const httpPort = portOf('--port', values.port);
  const grpcPort = portOf('--grpc-port', values['grpc-port']);
  const dataDir = resolve(values['data-dir']);
  // Off unless asked for: a demo on a laptop has no collector, and the SDK adds half a second to start-up.
  const telemetry: Telemetry | undefined = telemetryExportConfigured()
    ? await startTelemetry({ serviceName: 'vezel' })
    : undefined;
  const logger = createLogger('vezel', { level: 'warn' });
  process.stdout.write(`starting the chain (data in ${dataDir}) ...\n`);
  const started = performance.now();
  // The simulated stores are placed whether or not the demo loads now: `vezel simulate` may fill the chain later.
  const chain = await startEmbeddedChain({
    dataDir,
    httpPort,
    grpcPort,
    host: values.host,
    logger,
    storePlaces: SIMULATED_STORE_PLACES,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const api = (service: string) => `${chain.url}/v1/${service}/openapi.json`;
  process.stdout.write(
    [
      `vezel is up after ${seconds} s`,
      `  dashboard     ${chain.loginUrl()}`,
      `                (a one-time login link: it opens the dashboard in this browser and is used up)`,
      `  API key       ${chain.keyFile} (the operator's, admin; the vezel command reads it from there,`,
      `                scripts send it as Authorization: Bearer ...)`,
      `  ledger API    ${chain.url}/v1/ledger/  (traces, KPIs, UPV report, anomalies)`,
      `  APIs          ${api('collection')}`,
      `                ${api('sorting')}`,
      `                ${api('retail')}`,
      `                ${api('recycling')}`,
      `                ${api('ledger')}`,
      `  gRPC          ${values.host}:${chain.grpcPort}`,
    ].join('\n') + '\n',
  );
  const wantsDemo = values['no-demo'] !== true && values.demo;
  if (!wantsDemo) {
    process.stdout.write('  no demo data (--no-demo): fill the chain through the APIs\n');
  } else if (await isEmpty(chain)) {
    const demo = simulateChain(DEMO);
    process.stdout.write(
      `loading demo data: ${DEMO.days} days of a simulated chain (vezel simulate --seed ${DEMO.seed})\n`,
    );
    await driveSimulation(demo.commands, {
      urlOf: () => chain.url,
      apiKey: chain.apiKey,
      onProgress: progressBar('demo data'),
    });
  } else {
    process.stdout.write('  the chain already holds data: no demo loaded\n');
  }
  process.stdout.write(`ready after ${((performance.now() - started) / 1000).toFixed(1)} s; stop with Ctrl-C\n`);
  await new Promise<void>((resolveStop) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`\n${signal}: stopping (draining the outboxes) ...\n`);
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await chain.stop();
  await telemetry?.shutdown();
  process.stdout.write('stopped\n');
}

/** Whether nothing has happened in the chain yet: no event in the log. */
async function isEmpty(chain: EmbeddedChain): Promise<boolean> {
  const ends = await chain.eventLog.endOffsets('vezel.collection.v1');
  return [...ends.values()].every((end) => end === 0n);
}

function portOf(flag: string, raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new UsageError(`${flag} must be a TCP port (0-65535), got "${raw}"`);
  return port;
}
