import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serviceKitMigration } from '../src/index.ts';

describe('the service kit migration', () => {
  it('never changes once released: databases that applied it would refuse to start', () => {
    // This SQL includes @vezel/messaging's outboxSchemaSql. If this fails, the outbox or processed_commands DDL
    // changed: restore it, and ship the change as a new kit migration numbered from 9000 that alters the tables.
    const checksum = createHash('sha256').update(serviceKitMigration.sql).digest('hex');
    expect(checksum).toBe(PINNED_CHECKSUM);
  });

  it('runs before every service migration', () => {
    expect(serviceKitMigration.id).toBe('0000-service-kit');
  });
});

const PINNED_CHECKSUM = '85c1ba6468b548e63a10265058886b28b81c0155ff912543f05507829c09bd54';
