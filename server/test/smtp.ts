import { type AddressInfo, createServer } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface TestSmtp {
  url: string
  messages: ParsedMail[]
  /** Resolves with the next message to arrive (or one already there, not yet taken). */
  next(timeoutMs?: number): Promise<ParsedMail>
  close(): Promise<void>
}

/** A port on 127.0.0.1 that nothing listens on (yet): a mail server that is down. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * A real SMTP server on 127.0.0.1 (on `port`, or any free one) that keeps every message it
 * receives. Nothing leaves the machine.
 */
export async function startTestSmtp(port = 0): Promise<TestSmtp> {
  const messages: ParsedMail[] = []
  let taken = 0
  const waiters: (() => void)[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail)
          for (const w of waiters.splice(0)) w()
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const listening = (server.server.address() as { port: number }).port
  return {
    url: `smtp://127.0.0.1:${listening}`,
    messages,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (messages.length <= taken) {
        if (Date.now() > deadline) throw new Error('no mail arrived')
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 100)
        })
      }
      return messages[taken++]!
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
