import { Admin } from '@platformatic/kafka';

/**
 * How many partitions each member of consumer group `groupId` holds now, by member id (no members: the group is
 * empty or rebalancing). For tests that must know a process has taken a share of the work before they kill it.
 */
export async function consumerGroupAssignment(
  brokers: readonly string[],
  groupId: string,
): Promise<Map<string, number>> {
  const admin = new Admin({ clientId: 'vezel-test-group-reader', bootstrapBrokers: [...brokers] });
  try {
    const groups = await admin.describeGroups({ groups: [groupId] });
    const members = new Map<string, number>();
    for (const member of groups.get(groupId)?.members.values() ?? []) {
      const partitions = [...(member.assignments?.values() ?? [])].reduce(
        (sum, assignment) => sum + assignment.partitions.length,
        0,
      );
      members.set(member.id, partitions);
    }
    return members;
  } finally {
    await admin.close();
  }
}
