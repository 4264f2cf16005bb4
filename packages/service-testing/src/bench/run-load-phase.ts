/** One phase of a load run: what it sends, and how it is named in the figures table. */
export interface LoadPhase {
  readonly name: string;
  /** How many commands to send. */
  readonly count: number;
  /** Sends command `index` (0 to count - 1) and returns its HTTP status. */
  send(index: number): Promise<number>;
}

/** What a phase measured. */
export interface PhaseFigures {
  readonly name: string;
  readonly commandsPerSecond: number;
  /** How many commands ended with each status, in the order the statuses first appeared. */
  readonly statuses: ReadonlyMap<number, number>;
}

/** Sends a phase's commands from `concurrency` clients, each sending the next unsent index until none is left. */
export async function runLoadPhase(phase: LoadPhase, concurrency: number): Promise<PhaseFigures> {
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < phase.count) {
        const status = await phase.send(next++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { name: phase.name, commandsPerSecond: Math.round(phase.count / seconds), statuses };
}

/** One line of the figures table: name, commands per second, and the count of each status. */
export function formatPhaseFigures(figures: PhaseFigures, nameWidth: number): string {
  const byStatus = [...figures.statuses].map(([status, n]) => `${n} x ${status}`).join(', ');
  return `${figures.name.padEnd(nameWidth)} ${String(figures.commandsPerSecond).padStart(6)} commands/s  (${byStatus})`;
}
