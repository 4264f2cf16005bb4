// The vezel command.
//   vezel up [--port] [--grpc-port] [--data-dir] [--no-demo]   the whole chain in one process (npm start)
//   vezel simulate [--url] [--seed] [--days] [--scale]           a simulated chain through the services' APIs
//   vezel serve <service>                                       one service for production (DATABASE_URL, KAFKA_BROKERS, ...)
import { serveCommand, serveUsage } from './serve-command.ts';
import { simulateCommand, simulateUsage } from './simulate-command.ts';
import { upCommand, upUsage } from './up-command.ts';
import { CommandRefusedError } from './simulator/drive-simulation.ts';
import { UsageError } from './usage-error.ts';

const usage = `usage:\n  ${upUsage}\n  ${simulateUsage}\n  ${serveUsage}\n`;

const [command, ...args] = process.argv.slice(2);
try {
  switch (command) {
    case 'up':
      await upCommand(args);
      break;
    case 'simulate':
      await simulateCommand(args);
      break;
    case 'serve':
      await serveCommand(args);
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
  const isUsage = error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  if (isUsage) {
    process.stderr.write(`vezel: ${error.message}\n${usage}`);
    process.exit(2);
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
