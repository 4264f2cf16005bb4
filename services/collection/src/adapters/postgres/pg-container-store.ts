import type { Transaction } from '@vezel/db';
import { VersionConflictError, type AggregateChange, type AggregateStore } from '@vezel/service-kit';
import type { ContainerChannel } from '../../domain/container-channel.ts';
import type { ContainerEvent, ContainerState } from '../../domain/container-decider.ts';
import type { Location } from '../../domain/location.ts';

interface ContainerRow {
  container_id: string;
  municipality: string;
  channel: ContainerChannel;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  version: number;
}

/** Containers in the `containers` table: one row per registered container. */
export function createPgContainerStore(): AggregateStore<ContainerState, ContainerEvent> {
  return {
    async load(queryable, id, options = {}) {
      const { rows } = await queryable.query<ContainerRow>(
        `select container_id, municipality, channel, latitude, longitude, address, version
           from containers where container_id = $1${options.forUpdate === true ? ' for update' : ''}`,
        [id],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const location = toLocation(row);
      return {
        version: row.version,
        state: {
          status: 'registered',
          container: {
            containerId: row.container_id,
            municipality: row.municipality,
            channel: row.channel,
            ...(location === undefined ? {} : { location }),
          },
        },
      };
    },

    async save(tx: Transaction, change: AggregateChange<ContainerState, ContainerEvent>): Promise<void> {
      if (change.state.status !== 'registered') throw new Error(`container ${change.id} cannot be saved unregistered`);
      const { container } = change.state;
      const values = [
        change.id,
        container.municipality,
        container.channel,
        container.location?.latitude ?? null,
        container.location?.longitude ?? null,
        container.location?.address ?? null,
        change.expectedVersion,
      ];
      if (change.expectedVersion === 0) {
        // A concurrent registration of the same id fails with 23505, and the command is decided again.
        await tx.query(
          `insert into containers (container_id, municipality, channel, latitude, longitude, address, version)
           values ($1, $2, $3, $4, $5, $6, $7 + 1)`,
          values,
        );
        return;
      }
      const { rowCount } = await tx.query(
        `update containers set municipality = $2, channel = $3, latitude = $4, longitude = $5, address = $6,
                version = version + 1
          where container_id = $1 and version = $7`,
        values,
      );
      if (rowCount === 0) throw new VersionConflictError(change.id, change.expectedVersion);
    },
  };
}

function toLocation(row: ContainerRow): Location | undefined {
  if (row.latitude === null && row.longitude === null && row.address === null) return undefined;
  return {
    ...(row.latitude === null ? {} : { latitude: row.latitude }),
    ...(row.longitude === null ? {} : { longitude: row.longitude }),
    ...(row.address === null ? {} : { address: row.address }),
  };
}
