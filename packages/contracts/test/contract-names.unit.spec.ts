import { describe, expect, it } from 'vitest';
import * as contracts from '../src/index.ts';
import type { DescFile } from '@bufbuild/protobuf';

/** Every generated file, found through the `file_*` descriptors the public surface exports. */
const files: DescFile[] = Object.entries(contracts)
  .filter(([name]) => name.startsWith('file_vezel_'))
  .map(([, file]) => file as DescFile);

describe('the public surface', () => {
  it('exports the descriptor of every proto file', () => {
    expect(files.map((file) => file.name).sort()).toEqual([
      'vezel/access/v1/service',
      'vezel/collection/v1/events',
      'vezel/collection/v1/service',
      'vezel/common/v1/destination',
      'vezel/common/v1/location',
      'vezel/common/v1/quantities',
      'vezel/ledger/v1/service',
      'vezel/recycling/v1/events',
      'vezel/recycling/v1/service',
      'vezel/retail/v1/events',
      'vezel/retail/v1/service',
      'vezel/sorting/v1/events',
      'vezel/sorting/v1/service',
    ]);
  });

  it('can re-export flat because no two packages define a message, enum or service of the same name', () => {
    const names = files.flatMap((file) => [...file.messages, ...file.enums, ...file.services].map((desc) => desc.name));
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    expect(duplicates).toEqual([]);
  });

  it('exports a schema for every top-level message and a gRPC descriptor for every service', () => {
    const exported = new Set(Object.keys(contracts));
    for (const file of files) {
      for (const message of file.messages) expect(exported).toContain(`${message.name}Schema`);
      for (const service of file.services) expect(exported).toContain(service.name);
    }
  });
});
