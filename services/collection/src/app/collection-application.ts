import { NotFoundError } from '@vezel/errors';
import { commandRunnerOf, type CommandOutcome } from '@vezel/service-kit';
import type { BatchCollected, BatchShipped, CollectedBatch } from '../domain/batch-decider.ts';
import type { ContainerRegistered, RegisteredContainer } from '../domain/container-decider.ts';
import { requireId } from '@vezel/chain-rules';
import { collectBatchCommand, type CollectBatchInput } from './collect-batch.ts';
import type { CollectionApplicationDependencies } from './collection-ports.ts';
import { registerContainerCommand, type RegisterContainerInput } from './register-container.ts';
import { shipBatchCommand, type ShipBatchInput } from './ship-batch.ts';

/** The collection service's use cases; HTTP and gRPC both call these, so both behave identically. */
export interface CollectionApplication {
  registerContainer(input: RegisterContainerInput): Promise<CommandOutcome<ContainerRegistered>>;
  collectBatch(input: CollectBatchInput): Promise<CommandOutcome<BatchCollected>>;
  shipBatch(input: ShipBatchInput): Promise<CommandOutcome<BatchShipped>>;
  /** The container as registered; `NotFoundError` naming `containerId` when it is not. */
  getContainer(containerId: string): Promise<RegisteredContainer>;
  /** The batch with its shipments; `NotFoundError` naming `batchId` when it was never collected. */
  getBatch(batchId: string): Promise<CollectedBatch>;
}

/** Wires the command definitions to `executeCommand` and the stores to the queries. */
export function createCollectionApplication(dependencies: CollectionApplicationDependencies): CollectionApplication {
  const { db, stores, toMessage } = dependencies;
  const run = commandRunnerOf(dependencies);
  const registerContainer = registerContainerCommand(stores, toMessage);
  const collectBatch = collectBatchCommand(stores, toMessage);
  const shipBatch = shipBatchCommand(stores, toMessage);
  return {
    registerContainer: (input) => run(registerContainer, input),
    collectBatch: (input) => run(collectBatch, input),
    shipBatch: (input) => run(shipBatch, input),
    async getContainer(containerId) {
      requireId(containerId, 'containerId');
      const loaded = await stores.containers.load(db, containerId);
      if (loaded?.state.status !== 'registered') {
        throw new NotFoundError(`container ${containerId} is not registered`, { field: 'containerId' });
      }
      return loaded.state.container;
    },
    async getBatch(batchId) {
      requireId(batchId, 'batchId');
      const loaded = await stores.batches.load(db, batchId);
      if (loaded?.state.status !== 'collected') {
        throw new NotFoundError(`batch ${batchId} has not been collected`, { field: 'batchId' });
      }
      const { status: _status, ...batch } = loaded.state;
      return batch;
    },
  };
}
