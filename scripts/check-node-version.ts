// Fails fast when npm scripts do not run on the pinned Node 24 (the `node` dev dependency).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `Vezel runs on Node 24 LTS, but this is Node ${process.versions.node}. Run it through npm scripts (npm ci first).`,
  );
  process.exit(1);
}
console.log(`node ${process.version} (pinned through the "node" dev dependency)`);
