/**
 * A progress line on stdout: redrawn in place on a terminal, a line every tenth of the way otherwise (a log file
 * should not get one per step).
 */
export function progressBar(label: string, width = 30): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${done}/${total}`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r\u001b[2K${line}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stdout.write(`${line}\n`);
    }
  };
}
