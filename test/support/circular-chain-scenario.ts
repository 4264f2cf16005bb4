import { expect } from 'vitest';

/**
 * The circular chain scenario, driven through the services' HTTP APIs (docs/domain.md's paths). Figures (grams),
 * hand-computed:
 *
 *   batch B 500,000 collected in GM0150, shipped 500,000 to Deventer, received 498,000 (2,000 transit loss)
 *   sorting run: 498,000 in -> creme 200,000, wipers 120,000, fibre 100,000, export 60,000, residual 15,000, loss 3,000
 *   creme -> store (received 199,500): sold 150,000, donated 20,000, returned 29,500 to the open-loop processor
 *   fibre -> fibre-to-fibre processor: run 100,000 -> fibre product 92,000, loss 8,000
 *   wipers 120,000 + returned creme 29,500 -> open-loop run: wipers product 140,000, tote bags (upcycling) 5,000, loss 4,500
 *   export 60,000 -> exporter in PL; residual 15,000 -> disposal (energy recovery)
 */

/** Posts a command to a service (`/v1/<service>/<path>`) and fails the test unless it is accepted. */
export type PostCommand = (service: string, path: string, body: unknown) => Promise<Record<string, unknown>>;

/**
 * A {@link PostCommand} over HTTP to the service at `baseUrlOf(service)`, expecting 201 Created; with `apiKey`
 * for a chain that authenticates.
 */
export function postExpectingCreated(baseUrlOf: (service: string) => string, apiKey?: () => string): PostCommand {
  return async (service, path, body) => {
    const response = await fetch(`${baseUrlOf(service)}/v1/${service}/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey()}` }),
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    expect(response.status, `${service}/${path}: ${JSON.stringify(answer)}`).toBe(201);
    return answer;
  };
}

/** The ids the scenario used, made unique by `id`. */
export interface CircularChainIds {
  readonly container: string;
  readonly batch: string;
  readonly creme: string;
  readonly wipers: string;
  readonly fibre: string;
  readonly exported: string;
  readonly residual: string;
  readonly fibreProduct: string;
  readonly wipersProduct: string;
  readonly toteBags: string;
}

/** Where batch B's 500,000 g end, by hand: 2,000 + 3,000 + 500 + 8,000 + 4,500 lost on the way. */
export const batchForwardByHand: Readonly<Record<string, number>> = {
  'reuse.sold': 150_000,
  'reuse.donated': 20_000,
  'reuse.exported': 60_000,
  'recycling.fibre-to-fibre': 92_000,
  'recycling.open-loop': 140_000,
  upcycling: 5_000,
  'disposal.energy-recovery': 15_000,
  loss: 18_000,
};

export async function driveCircularChainScenario(
  post: PostCommand,
  id: (name: string) => string,
): Promise<CircularChainIds> {
  const [container, batch, centre, store] = [id('C'), id('B'), id('CENTRE-DEVENTER'), id('STORE-DEVENTER')];
  const [creme, wipers, fibre, exported, residual] = ['CREME', 'WIPERS', 'FIBRE', 'EXPORT', 'RESIDUAL'].map((lot) =>
    id(`L-${lot}`),
  ) as [string, string, string, string, string];
  const [f2fProcessor, openLoopProcessor] = [id('PROC-F2F'), id('PROC-OPEN')];

  await post('collection', 'containers', {
    containerId: container,
    municipality: 'GM0150',
    channel: 'street-container',
  });
  await post('collection', 'batches', {
    batchId: batch,
    containerId: container,
    grams: 500_000,
    collectedAt: '2026-03-02T08:00:00+01:00',
  });
  await post('collection', `batches/${batch}/shipments`, {
    shipmentId: id('S'),
    centreId: centre,
    grams: 500_000,
    transportKm: 42.5,
    shippedAt: '2026-03-02T15:00:00+01:00',
  });

  await post('sorting', 'receipts', {
    receiptId: id('RC-1'),
    nodeId: batch,
    centreId: centre,
    grams: 498_000,
    deliveryId: id('S'),
    receivedAt: '2026-03-03T07:30:00+01:00',
  });
  await post('sorting', 'runs', {
    runId: id('RUN-SORT'),
    centreId: centre,
    completedAt: '2026-03-04T16:00:00+01:00',
    inputs: [{ nodeId: batch, grams: 498_000 }],
    outputs: [
      { lotId: creme, fraction: 'reuse.creme', grams: 200_000 },
      { lotId: wipers, fraction: 'recycling.wipers', grams: 120_000 },
      { lotId: fibre, fraction: 'recycling.fibre-to-fibre', grams: 100_000 },
      { lotId: exported, fraction: 'reuse.export', grams: 60_000 },
      { lotId: residual, fraction: 'residual.textile', grams: 15_000 },
    ],
    lossGrams: 3_000,
  });
  const dispatch = (lotId: string, grams: number, destination: Record<string, string>, at: string) =>
    post('sorting', `lots/${lotId}/dispatches`, { dispatchId: id(`D-${lotId}`), grams, destination, dispatchedAt: at });
  await dispatch(creme, 200_000, { kind: 'store', id: store }, '2026-03-05T09:00:00+01:00');
  await dispatch(fibre, 100_000, { kind: 'processor', id: f2fProcessor }, '2026-03-05T10:00:00+01:00');
  await dispatch(wipers, 120_000, { kind: 'processor', id: openLoopProcessor }, '2026-03-05T10:30:00+01:00');
  await dispatch(
    exported,
    60_000,
    { kind: 'exporter', id: id('EXPORTER'), country: 'PL' },
    '2026-03-05T11:00:00+01:00',
  );
  await dispatch(
    residual,
    15_000,
    { kind: 'disposal', id: id('AVR'), method: 'energy-recovery' },
    '2026-03-05T11:30:00+01:00',
  );

  await post('retail', 'receipts', {
    receiptId: id('RR-1'),
    lotId: creme,
    storeId: store,
    grams: 199_500,
    deliveryId: id(`D-${creme}`),
    receivedAt: '2026-03-06T08:00:00+01:00',
  });
  await post('retail', 'sales', {
    saleId: id('SALE'),
    storeId: store,
    lotId: creme,
    grams: 150_000,
    items: 412,
    revenueCents: 329_600,
    soldAt: '2026-03-20T17:00:00+01:00',
  });
  await post('retail', 'donations', {
    donationId: id('DON'),
    storeId: store,
    lotId: creme,
    grams: 20_000,
    programme: 'kledingbank',
    donatedAt: '2026-03-21T10:00:00+01:00',
  });
  await post('retail', 'returns', {
    returnId: id('RET'),
    storeId: store,
    lotId: creme,
    grams: 29_500,
    destination: { kind: 'processor', id: openLoopProcessor },
    returnedAt: '2026-03-31T18:00:00+02:00',
  });

  await post('recycling', 'receipts', {
    receiptId: id('RP-1'),
    lotId: fibre,
    processorId: f2fProcessor,
    grams: 100_000,
    receivedAt: '2026-03-06T09:00:00+01:00',
  });
  await post('recycling', 'receipts', {
    receiptId: id('RP-2'),
    lotId: wipers,
    processorId: openLoopProcessor,
    grams: 120_000,
    receivedAt: '2026-03-06T11:00:00+01:00',
  });
  await post('recycling', 'receipts', {
    receiptId: id('RP-3'),
    lotId: creme,
    processorId: openLoopProcessor,
    grams: 29_500,
    receivedAt: '2026-04-01T09:00:00+02:00',
  });
  await post('recycling', 'runs', {
    runId: id('RUN-F2F'),
    processorId: f2fProcessor,
    completedAt: '2026-04-02T12:00:00+02:00',
    inputs: [{ nodeId: fibre, grams: 100_000 }],
    outputs: [
      { productId: id('P-FIBRE'), outcome: 'recycling.fibre-to-fibre', productKind: 'recycled-fibre', grams: 92_000 },
    ],
    lossGrams: 8_000,
  });
  await post('recycling', 'runs', {
    runId: id('RUN-OPEN'),
    processorId: openLoopProcessor,
    completedAt: '2026-04-03T12:00:00+02:00',
    inputs: [
      { nodeId: wipers, grams: 120_000 },
      { nodeId: creme, grams: 29_500 },
    ],
    outputs: [
      { productId: id('P-WIPERS'), outcome: 'recycling.open-loop', productKind: 'industrial-wipers', grams: 140_000 },
      { productId: id('P-TOTE'), outcome: 'upcycling', productKind: 'tote-bag', grams: 5_000 },
    ],
    lossGrams: 4_500,
  });
  return {
    container,
    batch,
    creme,
    wipers,
    fibre,
    exported,
    residual,
    fibreProduct: id('P-FIBRE'),
    wipersProduct: id('P-WIPERS'),
    toteBags: id('P-TOTE'),
  };
}
