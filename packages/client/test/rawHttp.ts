import type { ConferenceFixture, Person } from './fixtures.js'

/** What a raw request got back: the status and the parsed JSON body (or null). */
export interface RawAnswer {
  readonly status: number
  readonly body: unknown
  /** `error.message` of an error body, or '' when there is none. */
  readonly message: string
  /** `error.code` of an error body, or '' when there is none. */
  readonly code: string
}

/**
 * A request as any HTTP client could send it, with no typed client in between: the method, the
 * path under /api, and a body that is JSON-encoded unless it is already a string (so a test can
 * send JSON escapes, odd spellings and duplicate keys as written).
 */
export async function rawRequest(
  f: ConferenceFixture,
  person: Person | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<RawAnswer> {
  const headers: Record<string, string> = {}
  if (person) headers.authorization = `Bearer ${person.token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${f.apiBase}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error
  return {
    status: response.status,
    body: parsed,
    message: typeof error?.message === 'string' ? error.message : '',
    code: typeof error?.code === 'string' ? error.code : '',
  }
}

/** `rawRequest`, answering only the status and the body, for tests that check its shape. */
export async function raw(
  f: ConferenceFixture,
  person: Person | null,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: a raw answer; the tests' assertions check its shape
): Promise<{ status: number; body: any }> {
  const { status, body: answer } = await rawRequest(f, person, method, path, body)
  return { status, body: answer }
}

/** `/conferences/<id>/declarations/<id>`, for paths under a declaration. */
export function declarationPath(f: ConferenceFixture, declarationId = f.declarationId): string {
  return `/conferences/${f.conferenceId}/declarations/${declarationId}`
}
