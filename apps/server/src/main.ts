import { loadConfig } from './platform/config';
import { openDatabase } from './platform/db/db';
import { StartupError, buildApp, prepareDatabase } from './app';
import { createStore } from './platform/storage/storage';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-county';
import { ROLE_LABELS } from '@chuangwen/domain/i18n/labels';
import { listenAddresses } from './platform/listen';

const startedAt = Date.now();
const config = loadConfig();
const demo = process.argv.includes('--demo');

async function main() {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const store = createStore(config);
  const { seeded } = await prepareDatabase(database, config, { demo, store });
  const app = await buildApp(config, database, { store });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    // Keep-alive connections that finish their request after close() began are closed as they
    // go idle; Node only closes the ones idle at the moment close() is called.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
      clearInterval(sweep);
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const { local: url, lan } = listenAddresses(config.host, config.port);
  const lines = [
    '',
    `  chuangwen 创文 is ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s → ${url}`,
    `  citizens' page 随手拍: ${url}/public   inspectors' field page 创文督查: ${url}/field`,
    lan.length
      ? `  open to the network (HOST=${config.host}): ${lan.join('  ')}`
      : `  only this computer can connect (HOST=${config.host}); HOST=0.0.0.0 opens it to the LAN`,
    `  database: ${database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}/pg` : 'PostgreSQL'}${seeded === 'demo' ? ' (demo county 示范县 loaded)' : ''}`,
    `  API docs: ${url}/api/docs`,
  ];
  if (config.env !== 'production' || demo) {
    lines.push(`  demo accounts (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.username.padEnd(10)} ${ROLE_LABELS['zh-CN'][u.role]} / ${ROLE_LABELS.en[u.role]}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  if (err instanceof StartupError) {
    console.error(`\n  chuangwen cannot start: ${err.message}\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
