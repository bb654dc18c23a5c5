import { buildApp } from './app.ts'
import { type Config, ConfigError, loadConfig } from './config.ts'
import { openDatabase } from './db/client.ts'
import { migrateDatabase, withStartupLock } from './db/migrate.ts'
import { DEMO_CASE, isDatabaseEmpty, seedDemo } from './seed/demo.ts'
import { ensureFirstAdmin } from './setup/service.ts'

async function main() {
  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }

  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  await migrateDatabase(database)

  // Several instances may start at once on an empty database: seed and create the admin once.
  const lines = await withStartupLock(database, async () => {
    const out: string[] = []
    if (config.SEED_DEMO !== false && (await isDatabaseEmpty(database.db))) {
      const demo = await seedDemo(database.db, { password: config.DEMO_PASSWORD, config })
      out.push(`Demo-gegevens aangemaakt. Inloggen met (wachtwoord: ${config.DEMO_PASSWORD}):`)
      for (const a of demo.accounts) out.push(`  ${a.email.padEnd(36)} ${a.organisation}`)
      out.push(`Voorbeelddossier: ${DEMO_CASE.title}`)
    }
    const admin = await ensureFirstAdmin(database.db, config)
    if (admin.kind === 'created') out.push(`Beheerder aangemaakt: ${admin.email}`)
    if (admin.kind === 'setup-link') {
      out.push('Nog geen beheerder. Richt de omgeving in via deze eenmalige link (24 uur geldig):')
      out.push(`  ${admin.url}`)
    }
    return out
  })

  const app = await buildApp(config, { database })
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    // A second signal, or a hung close, must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    try {
      await app.close()
      await database.close()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.PORT, host: config.HOST })
  const where = config.DATABASE_URL ? 'PostgreSQL' : `ingebouwde database in ${config.DATA_DIR}`
  console.log(['', `Veiligheidsplanner draait op ${config.publicOrigin} (${where})`, ...lines, ''].join('\n'))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
