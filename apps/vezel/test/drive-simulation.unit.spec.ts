import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { driveSimulation } from '../src/simulator/drive-simulation.ts';
import type { ChainCommand } from '../src/simulator/simulate-chain.ts';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback service that closes the connection of the first `resets` commands without answering, then records. */
async function serviceResetting(resets: number): Promise<{ readonly url: string; readonly received: string[] }> {
  const received: string[] = [];
  let left = resets;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (left > 0) {
        left--;
        req.socket.destroy();
        return;
      }
      received.push(`${req.url} ${Buffer.concat(chunks).toString()}`);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const register: ChainCommand = {
  at: new Date('2026-01-05T08:00:00Z'),
  service: 'collection',
  path: 'containers',
  body: { containerId: 'C-1', municipality: 'GM0150', channel: 'street-container' },
};

describe('driving a simulation', () => {
  it('sends a command again when the connection closed before an answer, since commands are idempotent', async () => {
    const service = await serviceResetting(2);
    await driveSimulation([register], { urlOf: () => service.url });
    expect(service.received).toEqual([`/v1/collection/containers ${JSON.stringify(register.body)}`]);
  });

  it('gives up after three sends, with the network error', async () => {
    const service = await serviceResetting(3);
    await expect(driveSimulation([register], { urlOf: () => service.url })).rejects.toThrow(/fetch failed/);
    expect(service.received).toEqual([]);
  });
});
