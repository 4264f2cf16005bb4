import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToEnd } from '../src/index.ts';

const script = join(dirname(fileURLToPath(import.meta.url)), '../../../deploy/local/kafka.sh');

// The output contract of `deploy/local/kafka.sh up`, on its first-run path: with an empty broker cache it assembles
// Kafka with the real Maven, and whatever Maven or the script says must stay off stdout, which carries only the
// address its callers read. A listener the script did not start stands in for "a broker is already on that port",
// so the test assembles the jars without starting a second broker on a 2-core machine.
// The script needs java and mvn, which npm test installs unless KAFKA_BROKERS names a broker of the user's own.
const canAssemble = spawnSync('bash', ['-c', 'command -v java && command -v mvn'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!canAssemble)('deploy/local/kafka.sh up, first run', () => {
  let cache: string;
  let infra: string;
  let occupant: Server;
  let port: number;

  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'vezel-cache-'));
    infra = await mkdtemp(join(tmpdir(), 'vezel-infra-'));
    occupant = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    const address = occupant.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    port = address.port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => occupant.close(() => resolve()));
    await rm(cache, { recursive: true, force: true });
    await rm(infra, { recursive: true, force: true });
  });

  // A first run with an empty Maven repository downloads about 90 jars: minutes on a slow link.
  it(
    'prints exactly one host:port line on stdout and says on stderr that it assembles Kafka',
    { timeout: 600_000 },
    async () => {
      const env = {
        ...process.env,
        VEZEL_CACHE: cache,
        VEZEL_INFRA_DIR: infra,
        KAFKA_PORT: String(port),
        KAFKA_VERSION: '4.1.2',
      };
      const run = await runToEnd('bash', [script, 'up'], { env });

      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`127.0.0.1:${port}\n`);
      expect(run.stderr).toContain('assembling Apache Kafka 4.1.2 from Maven Central');
      expect(run.stderr).toContain('first run only');
      expect(run.stderr).toMatch(/\d+ jars cached/);

      // The second run finds the cache and still prints nothing but the address.
      const again = await runToEnd('bash', [script, 'up'], { env });
      expect(again.stdout).toBe(`127.0.0.1:${port}\n`);
      expect(again.stderr).not.toContain('assembling');
    },
  );
});
