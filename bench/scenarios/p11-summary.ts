import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { createBenchDatabase } from '../lib/pg.ts'
import { type Server, sleep, startServer } from '../lib/proc.ts'
import type { Row, Scenario } from '../lib/report.ts'
import { migrate, serverEnv } from '../lib/seed.ts'
import { histogram, median, msAt, round } from '../lib/stats.ts'

const PUBLIC_URL = 'http://127.0.0.1:8080'
const DEMO_PASSWORD = 'Rivierstede-demo-2026'
const LEAD = 'gemeente@rivierstede.example'
/** The target for the 500-item case, per format, on this machine. */
const TARGET_MS = 2000
const PARALLEL_EXPORTS = 10

/** One signed-in person talking to the server as the web app does (cookie, CSRF header, Origin). */
class Session {
  constructor(
    private readonly server: Server,
    private readonly cookie: string,
  ) {}

  static async signIn(server: Server, email: string) {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'veiligheidsplanner', origin: PUBLIC_URL },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    })
    if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`)
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    return new Session(server, cookie)
  }

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.server.url + path, {
      method,
      headers: {
        cookie: this.cookie,
        ...(method === 'GET' ? {} : { 'x-requested-with': 'veiligheidsplanner', origin: PUBLIC_URL }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    })
    const bytes = Buffer.from(await res.arrayBuffer())
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${bytes.toString().slice(0, 300)}`)
    return { res, bytes, json: () => JSON.parse(bytes.toString()) }
  }
}

/**
 * A case of 500 items through the API, as a projectleider who fills every step: 40 sub-problems,
 * 100 current measures, 40 goals, 160 actions, 100 action updates, 50 measurements, 10 evaluations.
 * Texts are of realistic length, so that the layout has paragraphs to break.
 */
async function createLargeCase(lead: Session) {
  const created = await lead.send('POST', '/api/cases', {
    title: 'Groot dossier voor de meting',
    gemeente: 'Rivierstede',
    theme: 'overlast-jeugd',
    problemType: 'complex',
  })
  const caseId: string = created.json().id
  const theCase = (await lead.send('GET', `/api/cases/${caseId}`)).json()
  const organisationId: string = theCase.me.organisation.id
  for (const step of [2, 3, 4, 5, 6]) {
    const s = (await lead.send('GET', `/api/cases/${caseId}/steps/${step}`)).json()
    await lead.send('PATCH', `/api/cases/${caseId}/steps/${step}`, { status: 'open' }, { 'if-match': `"${s.version}"` })
  }
  const text = (n: number) =>
    `Toelichting ${n}: sinds het voorjaar melden bewoners en ondernemers overlast rond het plein, vooral in de avond. ` +
    'De partners zien hetzelfde beeld in hun eigen registraties en spreken af wat ieder doet.'
  const post = async (body: Record<string, unknown>) =>
    (await lead.send('POST', `/api/cases/${caseId}/items`, body)).json().id as string
  const subproblems: string[] = []
  for (let i = 0; i < 40; i++)
    subproblems.push(await post({ kind: 'subproblem', step: 2, title: `Deelprobleem ${i + 1}`, description: text(i) }))
  await post({ kind: 'problem_statement', step: 2, title: 'De overlast rond het plein', description: text(0) })
  for (let i = 0; i < 100; i++)
    await post({
      kind: 'measure',
      step: 3,
      title: `Maatregel ${i + 1}`,
      description: text(i),
      ownerOrganisationId: organisationId,
      yearlyCost: 1000 * (i + 1),
      hoursPerWeek: i % 8,
      effect: (['werkt', 'deels', 'niet', 'onbekend'] as const)[i % 4],
      subproblemIds: [subproblems[i % 40]],
    })
  const goals: string[] = []
  for (let i = 0; i < 40; i++)
    goals.push(
      await post({
        kind: 'goal',
        step: 4,
        title: `Doel ${i + 1}`,
        description: text(i),
        indicator: `Meldingen per maand, indicator ${i + 1}`,
        unit: 'meldingen',
        direction: 'lager',
        baseline: 40 + i,
        baselineDate: '2026-01-01',
        target: 20,
        targetDate: '2027-12-31',
        subproblemIds: [subproblems[i]],
      }),
    )
  const actions: string[] = []
  for (let i = 0; i < 160; i++)
    actions.push(
      await post({
        kind: 'action',
        step: 5,
        title: `Actie ${i + 1}`,
        description: text(i),
        trekkerOrganisationId: organisationId,
        participants: [{ organisationId, hours: 2 + (i % 5) }],
        startDate: '2027-01-01',
        dueDate: '2027-06-30',
        cost: 500 * (i + 1),
        payerOrganisationId: organisationId,
        goalIds: [goals[i % 40]],
      }),
    )
  for (let i = 0; i < 100; i++)
    await post({
      kind: 'action_update',
      step: 6,
      title: `Voortgang ${i + 1}`,
      description: text(i),
      actionId: actions[i],
      status: (['bezig', 'klaar', 'vertraagd'] as const)[i % 3],
    })
  for (let i = 0; i < 50; i++)
    await post({
      kind: 'measurement',
      step: 6,
      title: `Meting ${i + 1}`,
      goalId: goals[i % 40],
      value: 40 - (i % 20),
      measuredAt: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
    })
  for (let i = 0; i < 9; i++)
    await post({
      kind: 'evaluation',
      step: 6,
      title: `Evaluatie ${i + 1}`,
      description: text(i),
      conclusion: 'doorgaan',
    })
  return caseId
}

/** The reference: a one-page PDF with the same library and fonts, rendered in this process. */
async function referencePdfMs(rounds: number) {
  const { renderSummaryPdf } = await import('../../server/src/summary/pdf.ts')
  void renderSummaryPdf // loads pdfmake with our fonts registered
  const pdfmake = (await import('pdfmake')).default
  const times: number[] = []
  for (let i = 0; i < rounds + 1; i++) {
    const definition: TDocumentDefinitions = {
      pageSize: 'A4',
      defaultStyle: { font: 'NotoSans' },
      content: [{ text: 'Samenvatting', fontSize: 18 }, { text: 'Eén pagina tekst. '.repeat(200) }],
    }
    const t = performance.now()
    await pdfmake.createPdf(definition).getBuffer()
    if (i > 0) times.push(performance.now() - t)
  }
  return median(times)
}

async function timeExport(lead: Session, caseId: string, format: 'pdf' | 'docx' | 'json', rounds: number) {
  const path = format === 'json' ? `/api/cases/${caseId}/summary` : `/api/cases/${caseId}/summary.${format}`
  await lead.send('GET', path) // warms the thread (fonts, libraries)
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < rounds; i++) {
    const t = performance.now()
    const r = await lead.send('GET', path)
    times.push(performance.now() - t)
    bytes = r.bytes.length
  }
  return { ms: median(times), bytes }
}

/** Reads the case (GET /api/cases/:id) back to back until `until` resolves; the latency histogram. */
async function readWhile(reader: Session, caseId: string, until: Promise<unknown>) {
  const h = histogram()
  let done = false
  void until.finally(() => {
    done = true
  })
  while (!done) {
    const t = performance.now()
    await reader.send('GET', `/api/cases/${caseId}`)
    h.recordValue(Math.max(1, Math.round((performance.now() - t) * 1000)))
  }
  return h
}

export const p11: Scenario = {
  id: 'P11',
  name: 'summary exports: PDF and DOCX of the demo case and a 500-item case; the instance under 10 parallel exports',
  async run(ctx) {
    const rounds = ctx.quick ? 2 : 5
    const db = await createBenchDatabase()
    const rows: Row[] = []
    const data: Record<string, unknown> = {}
    let server: Server | null = null
    try {
      await migrate(db.url)
      server = await startServer({
        name: 'p11',
        entry: 'server/src/main.ts',
        // Both cores: the render threads are there to use the cores the event loop does not.
        core: '0,1',
        env: serverEnv(db.url, PUBLIC_URL, {
          SEED_DEMO: 'true',
          DEMO_PASSWORD,
          SUMMARY_EXPORTS_PER_PERSON: String(PARALLEL_EXPORTS),
          SUMMARY_EXPORT_QUEUE: String(PARALLEL_EXPORTS),
          LOGIN_MAX_PER_IP: '1000',
        }),
        timeoutMs: 180_000,
      })
      const lead = await Session.signIn(server, LEAD)
      const cases = (await lead.send('GET', '/api/cases')).json().items as { id: string; title: string }[]
      const deHoven = cases.find((c) => c.title.includes('De Hoven'))
      if (!deHoven) throw new Error('the demo case De Hoven is missing')
      ctx.log('creating the 500-item case through the API…')
      const large = await createLargeCase(lead)
      const reference = await referencePdfMs(rounds)
      data.referenceMs = round(reference)

      for (const [label, caseId] of [
        ['demo case De Hoven', deHoven.id],
        ['500-item case', large],
      ] as const) {
        for (const format of ['json', 'pdf', 'docx'] as const) {
          const { ms, bytes } = await timeExport(lead, caseId, format, rounds)
          data[`${label} ${format}`] = { ms: round(ms), bytes }
          const isLarge = caseId === large && format !== 'json'
          rows.push({
            id: 'P11',
            what:
              format === 'json'
                ? `the summary model (JSON) of the ${label}, built on the event loop (median of ${rounds})`
                : `${format.toUpperCase()} of the ${label}, request to last byte (median of ${rounds})`,
            target: isLarge ? `< ${TARGET_MS} ms` : 'report',
            measured: `${Math.round(ms)} ms, ${Math.round(bytes / 1024)} KB (${round(ms / reference, 1)}× a one-page PDF)`,
            pass: isLarge ? ms < TARGET_MS : null,
          })
        }
      }

      // Quiet: the event loop and a case read with nothing else going on.
      const reader = await Session.signIn(server, 'politie@rivierstede.example')
      await server.probe()
      const quietRead = await readWhile(reader, deHoven.id, sleep(ctx.quick ? 2000 : 5000))
      const quietLoop = await server.probe()
      // Loaded: 10 exports of the 500-item case at once (PDF and DOCX alternating), the same reads.
      const started = performance.now()
      const exports = Promise.all(
        Array.from({ length: PARALLEL_EXPORTS }, (_, i) =>
          lead.send('GET', `/api/cases/${large}/summary.${i % 2 ? 'docx' : 'pdf'}`),
        ),
      )
      const loadedRead = await readWhile(reader, deHoven.id, exports)
      const allDone = performance.now() - started
      const loadedLoop = await server.probe()
      data.quiet = { read: { p50: msAt(quietRead, 50), p99: msAt(quietRead, 99) }, loop: quietLoop?.eventLoopDelayMs }
      data.loaded = {
        read: { p50: msAt(loadedRead, 50), p99: msAt(loadedRead, 99) },
        loop: loadedLoop?.eventLoopDelayMs,
        exportsMs: round(allDone),
      }
      rows.push(
        {
          id: 'P11',
          what: `event-loop delay p99, quiet → during ${PARALLEL_EXPORTS} parallel exports of the 500-item case`,
          target: 'report',
          measured: `${quietLoop?.eventLoopDelayMs.p99 ?? '?'} ms → ${loadedLoop?.eventLoopDelayMs.p99 ?? '?'} ms (max ${loadedLoop?.eventLoopDelayMs.max ?? '?'} ms)`,
          pass: null,
        },
        {
          id: 'P11',
          what: `GET /api/cases/:id p99, quiet → during ${PARALLEL_EXPORTS} parallel exports`,
          target: 'report',
          measured: `${msAt(quietRead, 99)} ms → ${msAt(loadedRead, 99)} ms (p50 ${msAt(quietRead, 50)} → ${msAt(loadedRead, 50)} ms; ${loadedRead.totalCount} reads while the exports ran)`,
          pass: null,
        },
        {
          id: 'P11',
          what: `${PARALLEL_EXPORTS} parallel exports of the 500-item case, all done`,
          target: 'report',
          measured: `${Math.round(allDone)} ms`,
          pass: null,
        },
      )
      return { rows, data }
    } finally {
      await server?.stop()
      await db.drop()
    }
  },
}
