import i18next from 'i18next'
import { createElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot, type Root } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import type { Delegation, PositionEntry, PositionValue, StatusEntry } from '../../api/types'
import type { MirrorSnapshot } from '../../connection/MirrorSnapshot'
import { en } from '../../i18n/locales/en'
import { ja } from '../../i18n/locales/ja'
import { MatrixTable } from './MatrixTable'
import type {
  MatrixBenchOptions,
  MatrixBenchRun,
  MatrixFixtureOptions,
  MountedMatrix,
  PreparedMatrix,
  RenderTiming,
} from './matrixBenchTypes'
import { buildMatrix, type MatrixOptions } from './matrixModel'
import type { DraftParagraph } from './readParagraphs'

// The harness that `pnpm bench` (desktop/bench/matrix.ts) and the matrix's browser tests load
// into Chromium: the real MatrixTable fed by the real model, as MatrixScreen feeds it, with a
// synthetic negotiation of any size. Never part of the app.

const VALUES: readonly PositionValue[] = [
  'support',
  'flexible',
  'reservation',
  'objection',
  'amendment',
]

function entry(pid: string, d: Delegation, value: PositionValue): PositionEntry {
  return {
    paragraphId: pid,
    delegation: d.code,
    decides: d.decides,
    value,
    amendment: null,
    note: null,
    setBy: 'bench',
    setAt: 1,
  }
}

let i18nReady: Promise<unknown> | null = null

/** Mounts the matrix of {@link prepareMatrix} into `container`: see {@link prepareMatrix}. */
export async function mountMatrix(
  container: HTMLElement,
  options: MatrixFixtureOptions = {},
): Promise<MountedMatrix> {
  return (await prepareMatrix(options)).mount(container)
}

/**
 * A synthetic negotiation of `paragraphs` × `delegations` (three quarters deciding, six cells
 * in seven with a position, a few paragraphs agreed or pending), ready to mount the real
 * {@link MatrixTable} for: its mount renders it once, timed (see {@link RenderTiming}).
 */
export async function prepareMatrix({
  paragraphs: paragraphCount = 200,
  delegations: delegationCount = 60,
  language = 'en',
}: MatrixFixtureOptions = {}): Promise<PreparedMatrix> {
  i18nReady ??= i18next.use(initReactI18next).init({
    lng: language,
    resources: { en: { translation: en }, ja: { translation: ja } },
    interpolation: { escapeValue: false },
    // Rendering must finish inside flushSync to be timed; nothing here loads lazily anyway.
    react: { useSuspense: false },
  })
  await i18nReady
  if (i18next.language !== language) await i18next.changeLanguage(language)
  document.documentElement.lang = language
  const delegations: Delegation[] = Array.from({ length: delegationCount }, (_, i) => ({
    id: `d${i}`,
    conferenceId: 'bench',
    code: `D${String(i).padStart(2, '0')}`,
    name: `Delegation ${i}`,
    kind: i < (delegationCount * 3) / 4 ? 'member' : 'stakeholder',
    decides: i < (delegationCount * 3) / 4,
  }))
  const paragraphs: DraftParagraph[] = Array.from({ length: paragraphCount }, (_, i) => ({
    pid: `p${i}`,
    kind: 'operative',
    label: `OP${i + 1}`,
    order: i,
  }))
  const positions = new Map<string, Map<string, PositionEntry>>()
  const statuses = new Map<string, StatusEntry>()
  for (const [i, p] of paragraphs.entries()) {
    const row = new Map<string, PositionEntry>()
    for (const [j, d] of delegations.entries()) {
      // One cell in seven stays empty, as a negotiation in progress has many.
      if ((i + j) % 7 !== 0) row.set(d.code, entry(p.pid, d, VALUES[(i * 3 + j) % 5]!))
    }
    positions.set(p.pid, row)
    if (i % 11 === 0) statuses.set(p.pid, { status: 'agreed', pendingDelegation: null, setAt: 1 })
    if (i % 13 === 5) {
      statuses.set(p.pid, {
        status: 'pending',
        pendingDelegation: delegations[0]?.code ?? null,
        setAt: 1,
      })
    }
  }
  let mirror: MirrorSnapshot = {
    positions,
    statuses,
    consensus: new Map(),
    comments: [],
    notices: [],
  }
  const options: MatrixOptions = { filter: 'all', sort: 'order', showAdvisory: true }
  const pids = paragraphs.map((p) => p.pid)
  const codes = delegations.map((d) => d.code)

  function togglePosition(pid: string, code: string): PositionValue {
    const d = delegations.find((x) => x.code === code)
    if (!d) throw new Error(`no delegation ${code}`)
    const row = new Map(mirror.positions.get(pid))
    const value: PositionValue = row.get(code)?.value === 'objection' ? 'support' : 'objection'
    row.set(code, entry(pid, d, value))
    const next = new Map(mirror.positions)
    next.set(pid, row)
    // A new snapshot, as the connection publishes one: only the changed paragraph's map is new.
    mirror = { ...mirror, positions: next }
    return value
  }

  return { pids, codes, mount }

  function mount(container: HTMLElement): MountedMatrix {
    const startedAt = performance.now()
    let root: Root | null = createRoot(container)

    function render(): RenderTiming {
      const t0 = performance.now()
      // As MatrixScreen does on every change of the mirror: the whole model anew.
      const matrix = buildMatrix(paragraphs, delegations, mirror, options)
      const t1 = performance.now()
      flushSync(() =>
        root?.render(
          createElement(
            I18nextProvider,
            { i18n: i18next },
            createElement(MatrixTable, { matrix, onOpen: () => {} }),
          ),
        ),
      )
      const t2 = performance.now()
      // Style and layout are part of what the user waits for: reading a layout value forces them.
      void container.offsetHeight
      const t3 = performance.now()
      return { toLayout: t3 - t0, model: t1 - t0, react: t2 - t1 }
    }

    const first = render()
    return {
      pids,
      codes,
      first,
      startedAt,
      render,
      togglePosition,
      unmount() {
        root?.unmount()
        root = null
      },
    }
  }
}

/** The next frame's rendering done: a task posted from requestAnimationFrame runs after it. */
export function afterNextFrame(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve(performance.now())
      channel.port2.postMessage(null)
    })
  })
}

function rowsTouchedBy(records: MutationRecord[]): number {
  const rows = new Set(
    records.map((record) => {
      const target = record.target instanceof Element ? record.target : record.target.parentElement
      return target?.closest('tr') ?? target
    }),
  )
  return rows.size
}

/**
 * Scrolls the matrix in `container` down by a screen (back to the top from the bottom) and
 * resolves, in milliseconds, once the last row then in view is rendered and laid out.
 */
export async function scrollByScreen(container: HTMLElement): Promise<number> {
  const scroller = container.querySelector<HTMLElement>('.matrix-scroll')
  const row = container.querySelector('tbody tr[data-pid]')
  if (!scroller || !row) throw new Error('no matrix to scroll')
  const rowHeight = row.getBoundingClientRect().height
  const count = Number(container.querySelector('table')?.getAttribute('aria-rowcount')) - 2
  const top =
    scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1
      ? 0
      : scroller.scrollTop + scroller.clientHeight
  const started = performance.now()
  scroller.scrollTop = top
  // The last row in view at the new position: beyond what the overscan had rendered.
  const wanted = Math.min(count - 1, Math.floor((top + scroller.clientHeight) / rowHeight) - 3)
  await rowRendered(container, wanted)
  void container.offsetHeight
  return performance.now() - started
}

/** Waits until the rendered rows include `index` (the window followed a scroll). */
function rowRendered(container: HTMLElement, index: number): Promise<void> {
  const selector = `tbody tr[aria-rowindex="${index + 3}"]`
  if (container.querySelector(selector)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect()
      reject(new Error(`row ${index} was never rendered after scrolling to it`))
    }, 5_000)
    const observer = new MutationObserver(() => {
      if (!container.querySelector(selector)) return
      observer.disconnect()
      clearTimeout(timer)
      resolve()
    })
    observer.observe(container, { subtree: true, childList: true })
  })
}

/**
 * Mounts the matrix `mounts` times (each timed to layout and to the next frame), then changes
 * one position `updates` times in rows on screen (each timed to layout, and checked to touch
 * that row's DOM only), then scrolls a screen at a time `scrolls` times.
 */
export async function runMatrixBench(
  container: HTMLElement,
  options: MatrixBenchOptions = {},
): Promise<MatrixBenchRun> {
  const { mounts: mountCount = 5, updates: updateCount = 60, scrolls: scrollCount = 10 } = options
  const mounts: (RenderTiming & { toFrame: number })[] = []
  let matrix: MountedMatrix | null = null
  let cellsRendered = 0
  let rowsRendered = 0
  for (let m = 0; m < mountCount; m++) {
    matrix?.unmount()
    await afterNextFrame()
    matrix = await mountMatrix(container, options)
    const frame = await afterNextFrame()
    // Timed from where mountMatrix started its clock (after i18next is ready).
    mounts.push({ ...matrix.first, toFrame: frame - matrix.startedAt })
    cellsRendered = container.querySelectorAll('tbody td[data-delegation]').length
    rowsRendered = container.querySelectorAll('tbody tr[data-pid]').length
  }
  if (!matrix) throw new Error('mounts must be at least 1')
  const { pids, codes } = matrix
  const rendered = [
    ...container.querySelectorAll<HTMLElement>('tbody tr[data-pid] td[data-delegation]'),
  ]
    .slice(0, cellsRendered / Math.max(1, rowsRendered))
    .map((td) => td.dataset.delegation!)
  if (rowsRendered === 0 || cellsRendered !== rowsRendered * rendered.length) {
    throw new Error(`the first render showed ${cellsRendered} cells in ${rowsRendered} rows`)
  }

  const updates: RenderTiming[] = []
  let rowsTouched = 0
  const observer = new MutationObserver(() => {})
  const onScreen = [...container.querySelectorAll<HTMLElement>('tbody tr[data-pid]')]
    .slice(0, 20)
    .map((tr) => tr.dataset.pid!)
  for (let k = 0; k < updateCount; k++) {
    const pid = onScreen[(k * 7) % onScreen.length]!
    const code = rendered[(k * 11) % rendered.length]!
    const value = matrix.togglePosition(pid, code)
    observer.observe(container, {
      subtree: true,
      attributes: true,
      childList: true,
      characterData: true,
    })
    updates.push(matrix.render())
    rowsTouched = Math.max(rowsTouched, rowsTouchedBy(observer.takeRecords()))
    observer.disconnect()
    const cell = container.querySelector(`tr[data-pid="${pid}"] td[data-delegation="${code}"]`)
    if (cell?.getAttribute('data-value') !== value) {
      throw new Error(`the matrix did not show the change to ${pid}/${code}`)
    }
  }

  const scrolls: number[] = []
  for (let k = 0; k < scrollCount; k++) {
    await afterNextFrame()
    scrolls.push(await scrollByScreen(container))
  }
  matrix.unmount()
  return {
    paragraphs: pids.length,
    delegations: codes.length,
    cells: pids.length * codes.length,
    cellsRendered,
    rowsRendered,
    mounts,
    updates,
    rowsTouched,
    scrolls,
  }
}
