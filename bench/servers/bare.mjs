// Reference for P1: a bare node:http server that answers every request with the body and the
// response headers the full server sends for GET /api/health (given by the benchmark in env).
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

const body = process.env.BENCH_BODY ?? '{"status":"ok"}'
const headers = JSON.parse(process.env.BENCH_HEADERS ?? '{}')
const length = Buffer.byteLength(body)

createServer((_req, res) => {
  res.writeHead(200, { ...headers, 'x-request-id': randomUUID(), 'content-length': length })
  res.end(body)
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
