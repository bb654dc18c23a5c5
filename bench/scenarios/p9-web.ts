import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ROOT, startServer } from '../lib/proc.ts'
import type { Scenario } from '../lib/report.ts'
import { serverEnv } from '../lib/seed.ts'
import { kb } from '../lib/stats.ts'

const CHROMIUM = '/usr/bin/chromium'

/** JS and CSS URLs that index.html loads itself: module scripts, modulepreloads and stylesheets. */
function fromIndexHtml(html: string) {
  const urls = new Set<string>()
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) urls.add(m[1]!)
  for (const m of html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g)) urls.add(m[1]!)
  return [...urls]
}

/**
 * P9 web: the gzip size (zlib level 6, as a server would send it) of the JS and CSS that the first
 * route loads. With Debian's Chromium: every script and stylesheet the browser fetched while opening
 * `/`, lazy chunks included; without it, what index.html names.
 */
export const p9: Scenario = {
  id: 'P9',
  name: 'web: gzip size of the first route',
  async run(ctx) {
    const dist = join(ROOT, 'web/dist')
    if (!existsSync(join(dist, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first')
    const dataDir = mkdtempSync(join(tmpdir(), 'vp-bench-p9-'))
    const server = await startServer({
      name: 'p9',
      entry: 'server/src/main.ts',
      env: serverEnv(undefined, 'http://127.0.0.1:8080', { DATA_DIR: dataDir, WEB_DIST: dist }),
    })
    const files = new Map<string, { type: 'js' | 'css'; bytes: number; gzip: number }>()
    let method = 'index.html'
    try {
      const add = (url: string, body: Buffer) => {
        const path = new URL(url, server.url).pathname
        const type = path.endsWith('.css') ? 'css' : 'js'
        files.set(path, { type, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length })
      }
      if (existsSync(CHROMIUM)) {
        const { chromium } = await import('playwright-core')
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
        })
        try {
          const page = await browser.newPage()
          const bodies: Promise<void>[] = []
          page.on('response', (res) => {
            const kind = res.request().resourceType()
            if (kind === 'script' || kind === 'stylesheet')
              bodies.push(
                res
                  .body()
                  .then((b) => add(res.url(), b))
                  .catch(() => {}),
              )
          })
          await page.goto(`${server.url}/`, { waitUntil: 'networkidle' })
          await Promise.all(bodies)
          method = `Chromium loading / (landed on ${new URL(page.url()).pathname})`
        } finally {
          await browser.close()
        }
      } else {
        for (const url of fromIndexHtml(readFileSync(join(dist, 'index.html'), 'utf8')))
          add(url, readFileSync(join(dist, new URL(url, 'http://x').pathname)))
      }
    } finally {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
    const sum = (t: 'js' | 'css', k: 'bytes' | 'gzip') =>
      [...files.values()].filter((f) => f.type === t).reduce((n, f) => n + f[k], 0)
    const js = sum('js', 'gzip')
    const css = sum('css', 'gzip')
    ctx.log(`P9: ${files.size} files by ${method}`)
    return {
      rows: [
        {
          id: 'P9',
          what: 'gzip JS of the first route',
          target: '≤ 150 KB',
          measured: `${kb(js)} KB`,
          pass: js <= 150 * 1024,
          note: `${[...files.values()].filter((f) => f.type === 'js').length} files, ${kb(sum('js', 'bytes'))} KB before gzip; ${method}`,
        },
        {
          id: 'P9',
          what: 'gzip CSS of the first route',
          target: 'report',
          measured: `${kb(css)} KB`,
          pass: null,
          note: `${kb(sum('css', 'bytes'))} KB before gzip`,
        },
      ],
      data: { method, files: Object.fromEntries(files) },
    }
  },
}
