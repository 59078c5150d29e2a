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
}

/**
 * Decodes untrusted updates in worker threads, one job per worker at a time, so that a decode
 * that hangs can be cut off by terminating its worker. The main thread never decodes an update
 * that has not passed here first.
 */
export class UpdateValidator {
  readonly #timeoutMs: number
  readonly #workerLimits: { maxDepth: number; maxStructs: number }
  readonly #slots: Slot[] = []
  readonly #queue: Job[] = []
  #nextId = 1
  #closed = false

  constructor({
    workers = 2,
    timeoutMs = 2000,
    maxDepth = 64,
    maxStructs = 100_000,
  }: UpdateValidatorOptions = {}) {
    this.#timeoutMs = timeoutMs
    this.#workerLimits = { maxDepth, maxStructs }
    for (let i = 0; i < workers; i++) this.#slots.push(this.#spawn())
  }

  /** Decodes `update` and reports whether it is well-formed. */
  validate(update: Uint8Array): Promise<Validation> {
    if (this.#closed)
      return Promise.resolve({ ok: false, reason: 'corrupt', message: 'validator closed' })
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, update, resolve })
      this.#dispatch()
    })
  }

  /** Terminates the workers; pending validations fail. */
  async close(): Promise<void> {
    this.#closed = true
    for (const job of this.#queue.splice(0))
      job.resolve({ ok: false, reason: 'corrupt', message: 'validator closed' })
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
      if (!slot.ready || slot.job || this.#queue.length === 0) continue
      const job = this.#queue.shift()!
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
    void slot.worker.terminate()
    const index = this.#slots.indexOf(slot)
    if (index !== -1) this.#slots[index] = this.#spawn()
    job?.resolve(result)
    this.#dispatch()
  }
}
