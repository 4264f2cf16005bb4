import type { Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import type { ServiceMainProcess } from '@vezel/service-testing';
import { eventually, runToEnd, testKafkaBrokers } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aLedgerDatabase,
  bothHoldPartitions,
  caughtUpAndSettled,
  exited,
  expectCleanRebuildToEqual,
  expectEveryEventOnce,
  generatedChainPublisher,
  httpPortOf,
  rebuildCli,
  rebuildFinished,
  rebuildStatus,
} from './support/ledger-processes.ts';
import { ledgerTableChecksums } from './support/ledger-table-checksum.ts';

/*
 * A rebuild in one of two ledger processes of a consumer group, against the real broker and database, while events
 * keep arriving. The rebuild replays the log up to where it stood when it started; the other process goes on
 * applying newer events to the live tables until the swap drops them. After the swap both must resume from the
 * rebuilt tables' positions: a process going on from its position in memory would leave those newer events out of
 * the ledger for good.
 */

const FIRST_WAVE = 20_000;
/** Published a few at a time while the rebuild runs (it ends sooner on a fast machine). */
const TRICKLE_CHUNK = 20;
const TRICKLE_MAX = 10_000;
const THIRD_WAVE = 2_000;
/** What a ledger process logs when it subscribes again on tables a rebuild swapped in. */
const RESUBSCRIBED = 'a rebuild swapped in new ledger tables; consuming again from the positions they hold';

let eventLog: EventLog;
let chain: Awaited<ReturnType<typeof generatedChainPublisher>>;
const running: ServiceMainProcess[] = [];
const opened: Db[] = [];

beforeAll(async () => {
  eventLog = createKafkaEventLog({
    brokers: testKafkaBrokers(),
    clientId: 'ledger-rebuild-scale-out',
    logLevel: 'nothing',
  });
  chain = await generatedChainPublisher(eventLog, {
    label: 'rebuild-scale-out',
    events: FIRST_WAVE + TRICKLE_MAX + THIRD_WAVE,
    seed: 5151,
  });
}, 120_000);

afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await eventLog?.close();
  await Promise.all(opened.map((db) => db.close()));
});

describe('a rebuild in one of two ledger processes while events arrive', () => {
  it('leaves no event out: the other process resumes from the rebuilt tables, and both keep consuming', async () => {
    const { db, operator, start, group } = await aLedgerDatabase('ledger-rebuild-scale-out', chain.topics, {
      running,
      opened,
    });
    let published = await chain.publishNext(FIRST_WAVE);
    const rebuilder = start();
    const rebuilderPort = await httpPortOf(rebuilder);
    const other = start();
    const otherPort = await httpPortOf(other);
    await bothHoldPartitions(group, other);
    await caughtUpAndSettled(rebuilderPort, operator);

    const started = await fetch(`http://127.0.0.1:${rebuilderPort}/v1/ledger/rebuild`, {
      method: 'POST',
      headers: operator,
    });
    expect(started.status).toBe(202);
    // The same fresh tables would serve both: the other process refuses while this rebuild holds the claim.
    const second = await fetch(`http://127.0.0.1:${otherPort}/v1/ledger/rebuild`, {
      method: 'POST',
      headers: operator,
    });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const refusal = (await second.json()) as { field?: string; detail?: string; elsewhere?: boolean; holder?: string };
    expect(refusal.field).toBe('rebuild');
    expect(refusal.detail).toMatch(/another ledger process, .+:\d+ \(/);
    expect(refusal).toMatchObject({ elsewhere: true });
    expect(refusal.holder).toMatch(new RegExp(`:${rebuilder.child.pid} \\(`));
    // That process answers for the rebuild the other one runs, as it reports its progress; so the command line
    // asked of it follows the rebuild to its end.
    const rebuilderHolder = new RegExp(`:${rebuilder.child.pid} \\(`);
    const relayed = await eventually(
      async () => {
        const status = await rebuildStatus(otherPort, operator);
        return status.totalEvents > 0 ? status : undefined;
      },
      { description: 'the other process relays the rebuild’s progress' },
    );
    expect(relayed).toMatchObject({ state: 'running', elsewhere: true });
    expect(relayed.holder).toMatch(rebuilderHolder);
    const cli = runToEnd(process.execPath, [rebuildCli, '--url', `http://127.0.0.1:${otherPort}`], {
      env: { ...process.env, VEZEL_API_KEY: (operator['authorization'] ?? '').slice('Bearer '.length) },
    });
    // From the moment the replay knows where it stops until the swap is done, events keep arriving, a few at a time:
    // only the live consumers apply them (both processes hold partitions of every topic), to the live tables before
    // the swap and to the rebuilt ones after it.
    await eventually(async () => (await rebuildStatus(rebuilderPort, operator)).totalEvents > 0, {
      description: 'the rebuild read where the log ends',
    });
    let state = 'running';
    let duringRebuild = 0;
    while (state === 'running' && duringRebuild < TRICKLE_MAX) {
      duringRebuild += await chain.publishNext(TRICKLE_CHUNK);
      ({ state } = await rebuildStatus(rebuilderPort, operator));
    }
    published += duringRebuild;
    expect(duringRebuild, 'events published while the rebuild ran').toBeGreaterThan(0);
    const finished = await rebuildFinished(rebuilderPort, operator);
    // A failed rebuild says why in its error.
    expect(finished, JSON.stringify(finished)).toMatchObject({ state: 'done' });
    const followed = await cli;
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/a rebuild is already running in .+:\d+ \(.+\); following it/);
    expect(followed.stdout).toMatch(/rebuild done \(by .+:\d+ \(.+\)\): [\d,]+ events/);
    // The end is known to both: the rebuilder wrote it into the tables it swapped in.
    const ended = await rebuildStatus(otherPort, operator);
    expect(ended).toMatchObject({ state: 'done', elsewhere: true });
    expect(ended.holder).toMatch(rebuilderHolder);
    expect(await rebuildStatus(rebuilderPort, operator)).not.toHaveProperty('elsewhere');

    // Nothing new arrives: what the live tables got during the rebuild must come back into the rebuilt ones by itself.
    await caughtUpAndSettled(rebuilderPort, operator);
    await expectEveryEventOnce(db, published);
    await eventually(() => other.lines.some((line) => line.msg === RESUBSCRIBED), {
      description: `the other process consumes again from the rebuilt tables (stderr: ${other.stderr().slice(-2_000)})`,
    });

    published += await chain.publishNext(THIRD_WAVE);
    await caughtUpAndSettled(rebuilderPort, operator);
    await expectEveryEventOnce(db, published);
    // Asked of the other process this time: the first rebuild's claim ended with it.
    await expectCleanRebuildToEqual(otherPort, operator, db, await ledgerTableChecksums(db));
    for (const ledger of [rebuilder, other]) {
      ledger.child.kill('SIGTERM');
      await exited(ledger);
    }
  }, 600_000);
});
