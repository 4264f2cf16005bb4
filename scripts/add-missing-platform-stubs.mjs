// The npm registry these machines reach lacks some platform builds (e.g. @bufbuild/buf-darwin-arm64,
// @turbo/windows-64), so `npm install` cannot record them in package-lock.json, and `npm ci` then refuses the lock
// as out of sync. This adds the entries npm would have written for those optional, other-platform packages (name,
// version, os/cpu): npm ci skips them on Linux x64 without fetching anything. Run it after every `npm install`
// that changes the lock file: `node scripts/add-missing-platform-stubs.mjs`. Plain JS: it must run before Node 24
// is installed.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
const added = [];

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[hoisted] = {
      version: range.replace(/^[\^~=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
    };
    added.push(`${name}@${range}`);
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added platform stubs: ${added.join(', ')}` : 'lock file already complete');

function platformOf(name) {
  const os = /darwin/.test(name)
    ? 'darwin'
    : /win32|windows/.test(name)
      ? 'win32'
      : /linux/.test(name)
        ? 'linux'
        : undefined;
  const cpu = /arm64|aarch64/.test(name)
    ? 'arm64'
    : /armv7|arm(?!64)/.test(name)
      ? 'arm'
      : /x64|-64/.test(name)
        ? 'x64'
        : undefined;
  return os && cpu ? { os, cpu } : undefined;
}
