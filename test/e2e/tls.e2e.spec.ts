import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { credentials } from '@grpc/grpc-js';
import { RetailService } from '@vezel/contracts';
import { createGrpcClient } from '@vezel/rpc';
import { createOperatorApiKey, startServiceMain } from '@vezel/service-testing';
import { createTestDatabase, eventually } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * A service process given TLS_CERT_FILE and TLS_KEY_FILE serves HTTPS and gRPC over TLS, with a certificate this
 * test makes (openssl, for 127.0.0.1): a client that trusts it is served, plaintext is not.
 */
const main = new URL('../../services/retail/src/main.ts', import.meta.url);
let dir: string;
let ca: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vezel-tls-'));
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=vezel-test',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'tls.key'),
    '-out',
    join(dir, 'tls.crt'),
  ]);
  ca = await readFile(join(dir, 'tls.crt'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function httpsGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves HTTPS and gRPC over TLS with the configured certificate, and refuses plaintext', async () => {
    const databaseUrl = await createTestDatabase('retail_tls');
    const apiKey = await createOperatorApiKey(databaseUrl);
    const service = startServiceMain(main, {
      DATABASE_URL: databaseUrl,
      EVENT_TRANSPORT: 'postgres',
      OTEL_SDK_DISABLED: 'true',
      TLS_CERT_FILE: join(dir, 'tls.crt'),
      TLS_KEY_FILE: join(dir, 'tls.key'),
    });
    try {
      const listening = await eventually(() => service.lines.find((line) => line.msg === 'listening'), {
        description: `the service listening (stderr: ${service.stderr()})`,
      });
      expect(listening).toMatchObject({ tls: true });
      const authorization = `Bearer ${apiKey}`;
      const stock = await httpsGet(`https://127.0.0.1:${String(listening['httpPort'])}/v1/retail/stores/S-1/stock`, {
        authorization,
      });
      expect(stock).toMatchObject({ status: 200 });
      expect(JSON.parse(stock.body)).toMatchObject({ storeId: 'S-1' });
      await expect(fetch(`http://127.0.0.1:${String(listening['httpPort'])}/healthz`)).rejects.toThrow();

      const address = `127.0.0.1:${String(listening['grpcPort'])}`;
      const secure = createGrpcClient(RetailService, address, { credentials: credentials.createSsl(ca) });
      const plain = createGrpcClient(RetailService, address, { unaryTimeoutMs: 3_000 });
      try {
        const answer = await secure.getStoreStock({ storeId: 'S-1' }, { metadata: { authorization } });
        expect(answer.storeId).toBe('S-1');
        // A plaintext client cannot even connect to a TLS port: UNAVAILABLE.
        await expect(plain.getStoreStock({ storeId: 'S-1' }, { metadata: { authorization } })).rejects.toMatchObject({
          code: 14,
        });
      } finally {
        secure.close();
        plain.close();
      }
    } finally {
      service.child.kill('SIGTERM');
      await once(service.child, 'exit');
    }
  }, 60_000);
});
