import { Worker } from 'node:worker_threads'

/** The outcome of decoding one untrusted update. */
export type Validation =
  | { readonly ok: true }
  | {
      readonly ok: false
      /** corrupt: does not decode or apply; tooComplex: over the size or nesting limits. */
      readonly reason: 'corrupt' | 'timeout' | 'tooComplex'
      readonly message: string
    }

interface Job {
  readonly id: number
  /** Whose job it is (a principal, or a connection): the unit of fairness. */
  readonly key: string
  readonly update: Uint8Array
  readonly resolve: (result: Validation) => void
}

interface WorkerReply {
  readonly ready?: true
  readonly id: number
  readonly ok: boolean
  readonly tooComplex?: boolean
  readonly message?: string
}

interface Slot {
  worker: Worker
  /** False until the worker has started; the deadline must not count its start-up. */
  ready: boolean
  job: Job | null
  timer: NodeJS.Timeout | null
}

/** Options of the validator pool. */
export interface UpdateValidatorOptions {
  /** How many worker threads decode in parallel. */
  readonly workers?: number
  /** How long one decode may take before its worker is terminated. */
  readonly timeoutMs?: number
  /** How deep one update may nest types (elements in elements). */
  readonly maxDepth?: number
  /** How many structs one update may hold. */
  readonly maxStructs?: number
  /** How long a key whose job ran out of time stays restricted (see `UpdateValidator`). */
  readonly suspectMs?: number
}

/**
 * Decodes untrusted updates in worker threads, one job per worker at a time, so that a decode
 * that hangs can be cut off by terminating its worker. The main thread never decodes an update
 * that has not passed here first.
 *
 * The pool is shared by every document, and a decode bomb holds a worker until its deadline, so
 * it is scheduled fairly: jobs are queued per key (the principal behind a connection), keys take
 * turns, a key has at most one job running, and a key whose job ran out of time recently (a
 * suspect) never takes the last free worker. However many connections a few attackers open,
 * everyone else keeps a worker.
 */
export class UpdateValidator {
  readonly #timeoutMs: number
  readonly #workerLimits: { maxDepth: number; maxStructs: number }
  readonly #suspectMs: number
  readonly #slots: Slot[] = []
  /** Waiting jobs per key, and the keys in the order they take turns. */
  readonly #queues = new Map<string, Job[]>()
  #turns: string[] = []
  /** Keys with a job running, and how many. */
  readonly #running = new Map<string, number>()
  /** Keys whose job ran out of time, with when their restriction ends. */
  readonly #suspects = new Map<string, number>()
  #nextId = 1
  #closed = false

  constructor({
    workers = 2,
    timeoutMs = 2000,
    maxDepth = 64,
    maxStructs = 100_000,
    suspectMs = 60_000,
  }: UpdateValidatorOptions = {}) {
    this.#timeoutMs = timeoutMs
    this.#suspectMs = suspectMs
    this.#workerLimits = { maxDepth, maxStructs }
    for (let i = 0; i < workers; i++) this.#slots.push(this.#spawn())
  }

  /** Decodes `update` for `key` (who sent it) and reports whether it is well-formed. */
  validate(update: Uint8Array, key = 'anonymous'): Promise<Validation> {
    if (this.#closed)
      return Promise.resolve({ ok: false, reason: 'corrupt', message: 'validator closed' })
    return new Promise((resolve) => {
      let queue = this.#queues.get(key)
      if (!queue) {
        queue = []
        this.#queues.set(key, queue)
        this.#turns.push(key)
      }
      queue.push({ id: this.#nextId++, key, update, resolve })
      this.#dispatch()
    })
  }

  #finished(key: string): void {
    const count = (this.#running.get(key) ?? 1) - 1
    if (count > 0) this.#running.set(key, count)
    else this.#running.delete(key)
  }

  /** Whether `key` ran out of time recently. */
  #isSuspect(key: string, now: number): boolean {
    const until = this.#suspects.get(key)
    if (until === undefined) return false
    if (until > now) return true
    this.#suspects.delete(key)
    return false
  }

  /**
   * The next job to run, taking keys in turn; null when no waiting job may run now. A key with a
   * job running gets a second worker only when no other key is waiting (the pool does not idle
   * for fairness' sake), and never while it is a suspect.
   */
  #nextJob(): Job | null {
    const now = performance.now()
    const free = this.#slots.filter((slot) => slot.ready && !slot.job).length
    let suspectsRunning = 0
    for (const [key, count] of this.#running)
      if (this.#isSuspect(key, now)) suspectsRunning += count
    for (const allowRunning of [false, true]) {
      for (let i = 0; i < this.#turns.length; i++) {
        const key = this.#turns[i]!
        const running = this.#running.has(key)
        if (running && !allowRunning) continue
        if (this.#isSuspect(key, now)) {
          // A suspect never takes the last free worker, nor a second one, and suspects together
          // hold at most all workers but one.
          if (running || free <= 1 || suspectsRunning >= this.#slots.length - 1) continue
        }
        const queue = this.#queues.get(key)!
        const job = queue.shift()!
        // The key goes to the back of the line, or leaves it when it has nothing left waiting.
        this.#turns.splice(i, 1)
        if (queue.length > 0) this.#turns.push(key)
        else this.#queues.delete(key)
        return job
      }
    }
    return null
  }

  /** Terminates the workers; pending validations fail. */
  async close(): Promise<void> {
    this.#closed = true
    for (const queue of this.#queues.values())
      for (const job of queue)
        job.resolve({ ok: false, reason: 'corrupt', message: 'validator closed' })
    this.#queues.clear()
    this.#turns = []
    await Promise.all(
      this.#slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer)
        slot.job?.resolve({ ok: false, reason: 'corrupt', message: 'validator closed' })
        slot.job = null
        await slot.worker.terminate()
      }),
    )
  }

  #spawn(): Slot {
    // The heap cap turns a memory bomb into a worker crash (reported as corrupt) rather than a
    // process-wide out-of-memory.
    const worker = new Worker(new URL('./decodeWorker.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      workerData: this.#workerLimits,
    })
    // The pool must not keep the process alive on its own.
    worker.unref()
    const slot: Slot = { worker, ready: false, job: null, timer: null }
    worker.on('message', (reply: WorkerReply) => {
      if (reply.ready) {
        slot.ready = true
        this.#dispatch()
        return
      }
      const job = slot.job
      if (!job || job.id !== reply.id) return
      if (slot.timer) clearTimeout(slot.timer)
      slot.job = null
      slot.timer = null
      this.#finished(job.key)
      job.resolve(
        reply.ok
          ? { ok: true }
          : {
              ok: false,
              reason: reply.tooComplex ? 'tooComplex' : 'corrupt',
              message: reply.message ?? 'corrupt update',
            },
      )
      this.#dispatch()
    })
    worker.on('error', () =>
      this.#replace(slot, { ok: false, reason: 'corrupt', message: 'decoder crashed' }),
    )
    return slot
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job) continue
      const job = this.#nextJob()
      if (!job) return
      this.#running.set(job.key, (this.#running.get(job.key) ?? 0) + 1)
      slot.job = job
      slot.timer = setTimeout(
        () =>
          this.#replace(slot, {
            ok: false,
            reason: 'timeout',
            message: `decoding took over ${this.#timeoutMs} ms`,
          }),
        this.#timeoutMs,
      )
      slot.worker.postMessage({ id: job.id, update: job.update })
    }
  }

  /** Fails the slot's job, terminates its worker (which may be stuck forever) and starts another. */
  #replace(slot: Slot, result: Validation): void {
    if (this.#closed) return
    if (slot.timer) clearTimeout(slot.timer)
    const job = slot.job
    slot.job = null
    slot.timer = null
    if (job) {
      this.#finished(job.key)
      const now = performance.now()
      // Expired suspects are dropped here too: keys of connections long gone are never asked about.
      for (const [key, until] of this.#suspects) if (until <= now) this.#suspects.delete(key)
      this.#suspects.set(job.key, now + this.#suspectMs)
    }
    void slot.worker.terminate()
    const index = this.#slots.indexOf(slot)
    if (index !== -1) this.#slots[index] = this.#spawn()
    job?.resolve(result)
    this.#dispatch()
  }
}
