import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

/**
 * How many partitions each member of consumer group `groupId` holds now, by member id (no members: the group is
 * empty or rebalancing). For tests that must know a process has taken a share of the work before they kill it.
 */
export async function consumerGroupAssignment(
  brokers: readonly string[],
  groupId: string,
): Promise<Map<string, number>> {
  const admin = new Kafka({
    clientId: 'vezel-test-group-reader',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const members = new Map<string, number>();
    for (const member of groups[0]?.members ?? []) {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      const partitions = Object.values(decoded?.assignment ?? {}).reduce((sum, list) => sum + list.length, 0);
      members.set(member.memberId, partitions);
    }
    return members;
  } finally {
    await admin.disconnect();
  }
}
