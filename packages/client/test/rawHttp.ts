import type { ConferenceFixture, Person } from './fixtures.js'

/**
 * A raw HTTP request to the fixture's API as `person` (bearer token), with a JSON body sent as
 * given: no typed client in between, so a test can send what the typed client would not.
 */
export async function raw(
  f: ConferenceFixture,
  person: Person | null,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: a raw answer; the tests' assertions check its shape
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${f.apiBase}${path}`, {
    method,
    headers: {
      ...(person ? { authorization: `Bearer ${person.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // Not JSON; kept as text.
  }
  return { status: response.status, body: parsed }
}

/** The path of the fixture declaration (or `declarationId`) under the API. */
export function declarationPath(f: ConferenceFixture, declarationId = f.declarationId): string {
  return `/conferences/${f.conferenceId}/declarations/${declarationId}`
}
