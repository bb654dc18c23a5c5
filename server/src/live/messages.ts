import { type ClientMessage, ClientMessageSchema, type ServerMessage } from '@vp/shared'

export type Read = { ok: true; value: ClientMessage } | { ok: false; error: string }

export const binaryMessage: Read = { ok: false, error: 'Alleen tekstberichten (JSON)' }

/** A client message, or the error that names what is wrong with it (the fields, never a 500). */
export function readMessage(raw: string): Read {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { ok: false, error: 'Geen geldige JSON' }
  }
  const parsed = ClientMessageSchema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  const where = parsed.error.issues.map((i) => i.path.join('.') || 'type').join(', ')
  return { ok: false, error: `Ongeldig bericht: ${where}` }
}

/** Tells a socket which limit it passed, before it is closed. */
export function rateLimitedMessage(limit: string): ServerMessage {
  const what: Record<string, string> = {
    messages: 'Te veel berichten op deze verbinding',
    subscribes: 'Te vaak opnieuw geabonneerd op deze verbinding',
    sockets_per_session: 'Te veel live-verbindingen voor deze sessie',
  }
  return {
    type: 'error',
    code: 'rate_limited',
    message: `${what[limit] ?? 'Te veel verzoeken'}; probeer het later opnieuw`,
  }
}
