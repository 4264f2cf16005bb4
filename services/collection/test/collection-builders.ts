import type { Grams } from '@vezel/grams';
import type { BatchCollected, BatchShipped, CollectBatch, ShipBatch } from '../src/domain/batch-decider.ts';
import type { ContainerRegistered, RegisterContainer, RegisteredContainer } from '../src/domain/container-decider.ts';

/** Fixture builders: a realistic default, overridden by what the test is about. */

/** What a test may override; `undefined` leaves an optional field out, as a client that does not send it. */
type Overrides<T> = { [K in keyof T]?: T[K] | undefined };

/** `defaults` with `overrides` laid over them, fields overridden with `undefined` left out. */
function overriding<T extends object>(defaults: T, overrides: Overrides<T>): T {
  const merged: Record<string, unknown> = { ...defaults, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete merged[key];
  return merged as T;
}

export function aRegisteredContainer(overrides: Partial<RegisteredContainer> = {}): RegisteredContainer {
  return {
    containerId: 'C-DEV-0001',
    municipality: 'GM0150',
    channel: 'street-container',
    location: { latitude: 52.2551, longitude: 6.1639, address: 'Brink 1, 7411 BR Deventer' },
    ...overrides,
  };
}

export function aRegisterContainer(overrides: Overrides<RegisterContainer> = {}): RegisterContainer {
  return overriding<RegisterContainer>({ ...aRegisteredContainer(), type: 'RegisterContainer' }, overrides);
}

export function aContainerRegistered(overrides: Partial<ContainerRegistered> = {}): ContainerRegistered {
  return { ...aRegisteredContainer(), ...overrides, type: 'ContainerRegistered' };
}

export function aCollectBatch(overrides: Partial<CollectBatch> = {}): CollectBatch {
  return {
    type: 'CollectBatch',
    batchId: 'B-2026-000123',
    containerId: 'C-DEV-0001',
    grams: 1_250_000n as Grams,
    collectedAt: new Date('2026-03-02T07:30:00+01:00'),
    container: aRegisteredContainer(),
    ...overrides,
  };
}

export function aBatchCollected(overrides: Partial<BatchCollected> = {}): BatchCollected {
  return {
    type: 'BatchCollected',
    batchId: 'B-2026-000123',
    containerId: 'C-DEV-0001',
    municipality: 'GM0150',
    grams: 1_250_000n as Grams,
    collectedAt: new Date('2026-03-02T07:30:00+01:00'),
    ...overrides,
  };
}

export function aShipBatch(overrides: Overrides<ShipBatch> = {}): ShipBatch {
  return overriding<ShipBatch>(
    {
      type: 'ShipBatch',
      shipmentId: 'S-2026-000001',
      batchId: 'B-2026-000123',
      centreId: 'SC-DEVENTER',
      grams: 1_000_000n as Grams,
      transportKm: 12.5,
      shippedAt: new Date('2026-03-02T11:00:00+01:00'),
    },
    overrides,
  );
}

export function aBatchShipped(overrides: Partial<BatchShipped> = {}): BatchShipped {
  return {
    type: 'BatchShipped',
    shipmentId: 'S-2026-000001',
    batchId: 'B-2026-000123',
    containerId: 'C-DEV-0001',
    centreId: 'SC-DEVENTER',
    grams: 1_000_000n as Grams,
    transportKm: 12.5,
    shippedAt: new Date('2026-03-02T11:00:00+01:00'),
    ...overrides,
  };
}

/** Grams in a test, branded: `g(1_000)`. */
export function g(value: bigint | number): Grams {
  return BigInt(value) as Grams;
}
