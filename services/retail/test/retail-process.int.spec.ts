import { describeServiceProcess } from '@vezel/service-testing';

describeServiceProcess({
  name: 'retail',
  main: new URL('../src/main.ts', import.meta.url),
  drain: {
    requests: [
      {
        path: '/v1/retail/receipts',
        body: { lotId: 'L-MAIN', storeId: 'S-MAIN', grams: 10, receivedAt: '2026-03-02T07:30:00Z' },
      },
      {
        path: '/v1/retail/sales',
        body: {
          saleId: 'SALE-MAIN',
          storeId: 'S-MAIN',
          lotId: 'L-MAIN',
          grams: 4,
          items: 1,
          soldAt: '2026-03-02T10:00:00Z',
        },
      },
    ],
    key: 'L-MAIN',
    eventTypes: ['vezel.retail.v1.LotReceivedAtStore', 'vezel.retail.v1.ItemsSold'],
    lateEventType: 'vezel.retail.v1.ItemsSold',
  },
  postgresTransport: {
    request: {
      path: '/v1/retail/receipts',
      body: { lotId: 'L-PG', storeId: 'S-PG', grams: 250, receivedAt: '2026-03-02T09:00:00+01:00' },
    },
    key: 'L-PG',
    eventType: 'vezel.retail.v1.LotReceivedAtStore',
  },
  badConfig: {
    env: { KAFKA_BROKERS: 'kafka', HTTP_PORT: 'eighty' },
    messages: ['DATABASE_URL is required', 'HTTP_PORT must be a TCP port', 'KAFKA_BROKERS must list host:port pairs'],
  },
});
