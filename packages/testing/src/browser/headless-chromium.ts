import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';

export type { Browser, Page };

const run = promisify(execFile);

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere (another distribution, a developer's own build). */
const debianChromium = '/usr/bin/chromium';

/**
 * A headless Chromium for browser tests, driven by playwright-core. Playwright's own browser download needs the
 * internet, which CI does not have, so the browser is Debian's package, installed here on first use (as root,
 * which CI is) when it is missing. Flags: no sandbox (containers have no user namespaces), no GPU, and no
 * background networking, so a test never reaches beyond loopback.
 */
export async function launchHeadlessChromium(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? (await ensureDebianChromium());
  // Loaded here, not with the package: most tests that import @vezel/testing never start a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

async function ensureDebianChromium(): Promise<string> {
  if (await isExecutable(debianChromium)) return debianChromium;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `no Chromium at ${debianChromium}: install it with "sudo apt-get install chromium", or set CHROMIUM_PATH to a Chromium or Chrome executable`,
    );
  }
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    await install();
  } catch {
    // A fresh machine's package lists may be empty or stale: refresh them once and try again.
    await run('apt-get', ['update'], { maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
  if (!(await isExecutable(debianChromium)))
    throw new Error(`apt-get installed chromium, but ${debianChromium} is missing`);
  return debianChromium;
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
