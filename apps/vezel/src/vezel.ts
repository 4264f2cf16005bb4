#!/usr/bin/env node
// The vezel command.
//   vezel up [--port] [--grpc-port] [--data-dir] [--no-demo]   the whole chain in one process (npm start)
//   vezel simulate [--url] [--seed] [--days] [--scale]           a simulated chain through the services' APIs
//   vezel trace <id> | kpis | report upv --year                the ledger for people (tables; --json for scripts)
//   vezel ledger rebuild [--url] [--status]                    rebuild a running ledger's figures from the log
//   vezel serve <service>                                       one service for production (DATABASE_URL, KAFKA_BROKERS, ...)
//   vezel partners add|give|list, vezel keys create|list|revoke who may call the chain (VEZEL_API_KEY, admin)
import { keysCommand, keysUsage, partnersCommand, partnersUsage } from './access-command.ts';
import { kpisCommand, kpisUsage } from './people/kpis-command.ts';
import { ledgerCommand, ledgerUsage } from './ledger-command.ts';
import { LedgerAnswerError } from './people/ledger-client.ts';
import { reportCommand, reportUsage } from './people/report-command.ts';
import { traceCommand, traceUsage } from './people/trace-command.ts';
import { serveCommand, serveUsage } from './serve-command.ts';
import { simulateCommand, simulateUsage } from './simulate-command.ts';
import { upCommand, upUsage } from './up-command.ts';
import { CommandRefusedError } from './simulator/drive-simulation.ts';
import { UsageError } from './usage-error.ts';

const usage = `usage:\n  ${[upUsage, simulateUsage, traceUsage, kpisUsage, reportUsage, ledgerUsage, serveUsage, partnersUsage, keysUsage].join('\n  ')}\n`;

const [command, ...args] = process.argv.slice(2);
try {
  switch (command) {
    case 'up':
      await upCommand(args);
      break;
    case 'simulate':
      await simulateCommand(args);
      break;
    case 'trace':
      await traceCommand(args);
      break;
    case 'kpis':
      await kpisCommand(args);
      break;
    case 'report':
      await reportCommand(args);
      break;
    case 'ledger':
      await ledgerCommand(args);
      break;
    case 'serve':
      await serveCommand(args);
      break;
    case 'partners':
      await partnersCommand(args);
      break;
    case 'keys':
      await keysCommand(args);
      break;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage);
      break;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
} catch (error) {
  // parseArgs throws TypeErrors with a code for unknown or malformed flags: a usage problem too.
  const isUsage =
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  if (isUsage) {
    process.stderr.write(`vezel: ${error.message}\n${usage}`);
    process.exit(2);
  }
  if (error instanceof LedgerAnswerError) {
    process.stderr.write(`vezel: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof CommandRefusedError) {
    process.stderr.write(`\nvezel: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    process.stderr.write(`\nvezel: cannot reach the chain (${cause}); is it running? (--url)\n`);
    process.exit(2);
  }
  throw error;
}
