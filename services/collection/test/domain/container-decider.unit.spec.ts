import { ConflictError, InvalidInputError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import { describe, it } from 'vitest';
import { containerDecider } from '../../src/domain/container-decider.ts';
import { aContainerRegistered, aRegisterContainer } from '../collection-builders.ts';

const spec = deciderSpecification(containerDecider);

describe('container', () => {
  it('registers a container with its municipality, channel and location', () => {
    spec.given([]).when(aRegisterContainer()).then([aContainerRegistered()]);
  });

  it('registers a door-to-door route without a location', () => {
    spec
      .given([])
      .when(aRegisterContainer({ channel: 'door-to-door', location: undefined }))
      .then([
        { type: 'ContainerRegistered', containerId: 'C-DEV-0001', municipality: 'GM0150', channel: 'door-to-door' },
      ]);
  });

  it('refuses to register a container twice, so it can never change municipality', () => {
    spec
      .given([aContainerRegistered({ municipality: 'GM0150' })])
      .when(aRegisterContainer({ municipality: 'GM0193' }))
      .thenThrows(ConflictError, { field: 'containerId' });
  });

  it.each(['0150', 'GM150', 'gm0150', 'GM01500', 'XX0150'])('rejects %s as a municipality code', (municipality) => {
    spec.given([]).when(aRegisterContainer({ municipality })).thenThrows(InvalidInputError, { field: 'municipality' });
  });

  it('rejects a well-formed code that names no Dutch municipality: a container must belong to a real one', () => {
    for (const municipality of ['GM9999', 'GM0000']) {
      spec
        .given([])
        .when(aRegisterContainer({ municipality }))
        .thenThrows(InvalidInputError, { field: 'municipality' });
    }
  });

  it('rejects an empty container id and an id longer than 128 characters', () => {
    spec
      .given([])
      .when(aRegisterContainer({ containerId: '' }))
      .thenThrows(InvalidInputError, { field: 'containerId' });
    spec
      .given([])
      .when(aRegisterContainer({ containerId: 'C'.repeat(129) }))
      .thenThrows(InvalidInputError, { field: 'containerId' });
  });

  it('accepts an id of exactly 128 characters', () => {
    const containerId = 'C'.repeat(128);
    spec
      .given([])
      .when(aRegisterContainer({ containerId }))
      .then([aContainerRegistered({ containerId })]);
  });

  it('rejects a latitude without a longitude, naming the missing one', () => {
    spec
      .given([])
      .when(aRegisterContainer({ location: { latitude: 52.25 } }))
      .thenThrows(InvalidInputError, { field: 'location.longitude' });
  });

  it('rejects coordinates out of range', () => {
    spec
      .given([])
      .when(aRegisterContainer({ location: { latitude: 91, longitude: 6 } }))
      .thenThrows(InvalidInputError, { field: 'location.latitude' });
    spec
      .given([])
      .when(aRegisterContainer({ location: { latitude: 52, longitude: -181 } }))
      .thenThrows(InvalidInputError, { field: 'location.longitude' });
  });

  it('rejects an empty location', () => {
    spec
      .given([])
      .when(aRegisterContainer({ location: {} }))
      .thenThrows(InvalidInputError, { field: 'location' });
  });
});
