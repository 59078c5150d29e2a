import { hash, verify } from '@node-rs/argon2'

/** Argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane). */
const PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12

/**
 * At most this many hashes run at once. Each takes 19 MiB and tens of milliseconds of a core; a
 * burst of sign-ins must queue, not exhaust memory or starve the relay.
 */
const MAX_CONCURRENT = 2
/** Past this many waiting, new work is refused rather than queued without bound. */
const MAX_WAITING = 64
let running = 0
const waiting: Array<() => void> = []

/** Thrown when too many hashes are already waiting; the API answers 429 with Retry-After. */
export class HashQueueFull extends Error {
  override name = 'HashQueueFull'
}

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (waiting.length >= MAX_WAITING)
      throw new HashQueueFull('too many password checks are waiting')
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  running += 1
  try {
    return await work()
  } finally {
    running -= 1
    waiting.shift()?.()
  }
}

/** Hashes a password with Argon2id. */
export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, PARAMETERS))
}

/** Checks a password against its hash; false for a malformed hash. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return limited(async () => {
    try {
      return await verify(passwordHash, password)
    } catch {
      return false
    }
  })
}

// A hash to verify against when the account does not exist, so that the answer takes as long
// as for an account that does, and sign-in does not reveal which emails have accounts.
let decoy: Promise<string> | null = null

/** Spends the time of one verification, for unknown accounts. */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('accord-decoy-password')
  await verifyPassword(await decoy, password)
  return false
}
