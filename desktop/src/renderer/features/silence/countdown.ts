/** The time left until a deadline, in whole units, never negative. */
export interface Remaining {
  readonly days: number
  readonly hours: number
  readonly minutes: number
  readonly seconds: number
  /** Whether the deadline has been reached. */
  readonly over: boolean
}

/** Splits the time from `now` to `deadline` (milliseconds) into days, hours, minutes, seconds. */
export function remaining(deadline: number, now: number): Remaining {
  const left = Math.max(0, Math.ceil((deadline - now) / 1000))
  return {
    days: Math.floor(left / 86_400),
    hours: Math.floor((left % 86_400) / 3_600),
    minutes: Math.floor((left % 3_600) / 60),
    seconds: left % 60,
    over: left === 0,
  }
}

/** A local date-time as `<input type="datetime-local" step="1">` shows it (no zone). */
export function localInputValue(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** The moment a `datetime-local` value names, in this device's time zone; null if it names none. */
export function parseLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null
  const ms = new Date(value).getTime()
  return Number.isFinite(ms) ? ms : null
}
