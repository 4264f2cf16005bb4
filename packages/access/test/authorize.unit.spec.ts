import { ForbiddenError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import {
  authorizeRead,
  authorizeRecord,
  HOLDER_KINDS,
  mayOwn,
  PARTNER_KINDS,
  requireScope,
  type Principal,
  type Scope,
} from '../src/index.ts';

const principal = (partnerId: string, kind: Principal['kind'], scopes: readonly Scope[]): Principal => ({
  partnerId,
  kind,
  scopes: new Set(scopes),
  credential: `key:${partnerId}`,
});
const storeS1 = { kind: 'store', id: 'S-1' } as const;

describe('who may record for a holder', () => {
  it('lets a partner record for its own holder, and not for another partner’s', () => {
    const store = principal('reshare-utrecht', 'store', ['record']);
    expect(() => authorizeRecord(store, storeS1, 'reshare-utrecht')).not.toThrow();
    expect(() => authorizeRecord(store, storeS1, 'other-store')).toThrow(ForbiddenError);
  });

  it('gives a holder nobody was given to the operator: the operator records for it, partners do not', () => {
    expect(() => authorizeRecord(principal('operator', 'operator', ['record']), storeS1, undefined)).not.toThrow();
    expect(() => authorizeRecord(principal('shop', 'store', ['record']), storeS1, undefined)).toThrow(ForbiddenError);
  });

  it('lets the operator’s admin credential record for any holder, but not its record-only one', () => {
    expect(() => authorizeRecord(principal('operator', 'operator', ['admin']), storeS1, 'shop')).not.toThrow();
    expect(() => authorizeRecord(principal('operator', 'operator', ['record']), storeS1, 'shop')).toThrow(
      ForbiddenError,
    );
  });

  it('refuses a credential without the record scope, even for its own holder, naming the scope', () => {
    const reader = principal('shop', 'store', ['read']);
    expect(() => authorizeRecord(reader, storeS1, 'shop')).toThrow(/lacks the "record" scope/);
    const auditorAdmin = principal('auditor', 'auditor', ['admin']);
    expect(() => authorizeRecord(auditorAdmin, storeS1, 'shop')).toThrow(ForbiddenError);
  });

  it('treats admin as every scope', () => {
    expect(() => requireScope(principal('operator', 'operator', ['admin']), 'read')).not.toThrow();
    expect(() => requireScope(principal('muni', 'municipality', ['read']), 'admin')).toThrow(ForbiddenError);
  });

  it('lets the operator and auditors read everything, and a partner what belongs to its own holders', () => {
    expect(() => authorizeRead(principal('operator', 'operator', ['read']), storeS1, 'shop')).not.toThrow();
    expect(() => authorizeRead(principal('audit', 'auditor', ['read']), storeS1, 'shop')).not.toThrow();
    expect(() => authorizeRead(principal('shop', 'store', ['read']), storeS1, 'shop')).not.toThrow();
    expect(() => authorizeRead(principal('other', 'store', ['read']), storeS1, 'shop')).toThrow(ForbiddenError);
    // What nobody was given is the operator's: no partner reads it.
    expect(() => authorizeRead(principal('shop', 'store', ['read']), storeS1, undefined)).toThrow(ForbiddenError);
    expect(() => authorizeRead(principal('shop', 'store', ['record']), storeS1, 'shop')).toThrow(/"read" scope/);
  });
});

describe('which holders a partner may own', () => {
  it('gives each kind its own kind of holder, the operator any, an auditor none', () => {
    const owned = Object.fromEntries(
      PARTNER_KINDS.map((kind) => [kind, HOLDER_KINDS.filter((holderKind) => mayOwn(kind, holderKind))]),
    );
    expect(owned).toEqual({
      operator: ['centre', 'store', 'processor', 'municipality', 'exporter'],
      centre: ['centre'],
      store: ['store'],
      processor: ['processor'],
      exporter: ['exporter'],
      municipality: ['municipality'],
      auditor: [],
    });
  });
});
