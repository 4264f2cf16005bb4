import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@vezel/telemetry';
import { startEmbeddedChain } from './embedded/start-embedded-chain.ts';
import { UsageError } from './usage-error.ts';

export const upUsage = `vezel up [--port 8080] [--grpc-port 9090] [--data-dir ./.vezel] [--host 127.0.0.1] [--no-demo]
  the whole chain in this process: five services on one HTTP port, PGlite databases under --data-dir, the
  PostgreSQL event transport; data survives a restart`;

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
  const logger = createLogger('vezel', { level: 'warn' });
  process.stdout.write(`starting the chain (data in ${dataDir}) ...\n`);
  const started = performance.now();
  const chain = await startEmbeddedChain({ dataDir, httpPort, grpcPort, host: values.host, logger });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const api = (service: string) => `${chain.url}/v1/${service}/openapi.json`;
  process.stdout.write(
    [
      `vezel is up after ${seconds} s`,
      `  ledger API    ${chain.url}/v1/ledger/  (traces, KPIs, UPV report, anomalies)`,
      `  APIs          ${api('collection')}`,
      `                ${api('sorting')}`,
      `                ${api('retail')}`,
      `                ${api('recycling')}`,
      `                ${api('ledger')}`,
      `  gRPC          ${values.host}:${chain.grpcPort}`,
      values['no-demo'] === true || !values.demo
        ? '  no demo data loaded (--no-demo): fill the chain through the APIs'
        : '  demo data: the simulator is not built yet; fill the chain through the APIs',
      'stop with Ctrl-C',
      '',
    ].join('\n'),
  );
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
  process.stdout.write('stopped\n');
}

function portOf(flag: string, raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new UsageError(`${flag} must be a TCP port (0-65535), got "${raw}"`);
  return port;
}
