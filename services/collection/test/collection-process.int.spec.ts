import { describeServiceProcess } from '@vezel/service-testing';

describeServiceProcess({
  name: 'collection',
  main: new URL('../src/main.ts', import.meta.url),
  drain: {
    requests: [
      {
        path: '/v1/collection/containers',
        body: { containerId: 'C-MAIN', municipality: 'GM0150', channel: 'door-to-door' },
      },
      {
        path: '/v1/collection/batches',
        body: { batchId: 'B-MAIN', containerId: 'C-MAIN', grams: 10, collectedAt: '2026-03-02T07:30:00Z' },
      },
    ],
    key: 'B-MAIN',
    eventTypes: ['vezel.collection.v1.BatchCollected'],
    lateEventType: 'vezel.collection.v1.BatchCollected',
  },
  postgresTransport: {
    request: {
      path: '/v1/collection/containers',
      body: { containerId: 'C-PG', municipality: 'GM0150', channel: 'store-drop-off' },
    },
    key: 'C-PG',
    eventType: 'vezel.collection.v1.ContainerRegistered',
  },
  badConfig: {
    env: { KAFKA_BROKERS: 'kafka', HTTP_PORT: 'eighty' },
    messages: ['DATABASE_URL is required', 'HTTP_PORT must be a TCP port', 'KAFKA_BROKERS must list host:port pairs'],
  },
});
