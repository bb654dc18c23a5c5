// Reference for P1: a minimal Fastify server with one route and the same precomputed headers set
// from one object in one hook, as the full server does; no database, plugins or schemas.
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'

const body = JSON.parse(process.env.BENCH_BODY ?? '{"status":"ok"}')
const headers = JSON.parse(process.env.BENCH_HEADERS ?? '{}')
delete headers['content-type']

const app = Fastify({ logger: false, genReqId: () => randomUUID() })
app.addHook('onRequest', async (req, reply) => {
  reply.headers(headers)
  reply.header('x-request-id', req.id)
})
app.get('/api/health', async () => body)
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' })
