import { ConflictError } from '@vezel/errors';
import type { ContainerChannel } from './container-channel.ts';
import { requireValidLocation } from './location.ts';
import type { ContainerRegistered as ChainContainerRegistered } from '@vezel/chain-events';
import { requireId } from '@vezel/chain-rules';
import { requireMunicipality } from '@vezel/municipalities';

/** A collection point as registered: its registration event without the event's type. */
export type RegisteredContainer = Omit<ContainerRegistered, 'type'>;

/** Register a collection point. */
export interface RegisterContainer extends RegisteredContainer {
  readonly type: 'RegisterContainer';
}

/** Every command a container decides. */
export type ContainerCommand = RegisterContainer;

export type ContainerRegistered = ChainContainerRegistered<ContainerChannel>;

/** Every event of a container. */
export type ContainerEvent = ContainerRegistered;

/** A container before and after registration. */
export type ContainerState =
  { readonly status: 'unregistered' } | { readonly status: 'registered'; readonly container: RegisteredContainer };

/** The state of a container nobody has registered. */
export function initialContainerState(): ContainerState {
  return { status: 'unregistered' };
}

/** Decides a container command: the events it causes, or a domain error. */
export function decideContainer(command: ContainerCommand, state: ContainerState): readonly ContainerEvent[] {
  switch (command.type) {
    case 'RegisterContainer':
      return registerContainer(command, state);
    default:
      return unknownCommand(command.type);
  }
}

/** Folds a container event into its state. */
export function evolveContainer(_state: ContainerState, event: ContainerEvent): ContainerState {
  switch (event.type) {
    case 'ContainerRegistered': {
      const { type: _type, ...container } = event;
      return { status: 'registered', container };
    }
    default:
      return unknownEvent(event.type);
  }
}

/** The container aggregate, in the shape `executeCommand` and the given/when/then tests take. */
export const containerDecider = {
  decide: decideContainer,
  evolve: evolveContainer,
  initialState: initialContainerState,
};

function registerContainer(command: RegisterContainer, state: ContainerState): readonly ContainerEvent[] {
  requireId(command.containerId, 'containerId');
  requireMunicipality(command.municipality, 'municipality');
  if (command.location !== undefined) requireValidLocation(command.location, 'location');
  if (state.status === 'registered') {
    // A container belongs to exactly one municipality: re-registering could move its grams to another.
    throw new ConflictError(`container ${command.containerId} is already registered`, {
      field: 'containerId',
      details: { containerId: command.containerId, municipality: state.container.municipality },
    });
  }
  return [
    {
      type: 'ContainerRegistered',
      containerId: command.containerId,
      municipality: command.municipality,
      channel: command.channel,
      ...(command.location === undefined ? {} : { location: command.location }),
    },
  ];
}

function unknownCommand(type: never): never {
  throw new Error(`unknown container command ${String(type)}`);
}

function unknownEvent(type: never): never {
  throw new Error(`unknown container event ${String(type)}`);
}
