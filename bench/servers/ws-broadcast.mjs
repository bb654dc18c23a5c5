// Reference for P6: a bare `ws` server that sends one message to every connected socket when
// asked (GET /emit), with nothing of ours in between: no policy, no rendering, no database. The
// message is as long as a live event (BENCH_BYTES) and starts with the time its fan-out began.
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'

const bytes = Number(process.env.BENCH_BYTES ?? 600)
const server = createServer((req, res) => {
  if (req.url === '/emit') {
    const at = performance.timeOrigin + performance.now()
    const head = `{"type":"event","at":${at.toFixed(3)},"pad":"`
    const text = `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`
    for (const ws of wss.clients) ws.send(text)
  }
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ clients: wss.clients.size }))
})
const wss = new WebSocketServer({ server, perMessageDeflate: false })
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
