import i18next from 'i18next'
import { createElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import type { Delegation, PositionEntry, PositionValue } from '../../api/types'
import type { MirrorSnapshot } from '../../connection/MirrorSnapshot'
import { en } from '../../i18n/locales/en'
import { MatrixTable } from './MatrixTable'
import { buildMatrix, type MatrixOptions } from './matrixModel'
import type { DraftParagraph } from './readParagraphs'

/** What one run of the matrix benchmark measured, in milliseconds. */
export interface MatrixBenchResult {
  readonly paragraphs: number
  readonly delegations: number
  readonly cells: number
  /** Building the model and rendering the table into the page, layout included. */
  readonly firstRender: number
  /** Of which building the model, and React's render and commit (the rest is layout). */
  readonly firstModel: number
  readonly firstReact: number
  /** The same after one delegation changed one position (median of nine). */
  readonly update: number
  /** The slowest of those updates. */
  readonly slowestUpdate: number
  /** The most rows whose DOM one update changed (memoised rows: one). */
  readonly rowsTouched: number
}

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

/**
 * Renders the real {@link MatrixTable} for `paragraphs` × `delegations` (three quarters deciding,
 * most cells with a position) into `container` and times the first render and an update, each
 * up to a forced layout. For the browser: the e2e performance test runs it in Chromium.
 */
export async function runMatrixBench(
  container: HTMLElement,
  paragraphCount = 200,
  delegationCount = 60,
): Promise<MatrixBenchResult> {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
    // Rendering must finish inside flushSync to be timed; nothing here loads lazily anyway.
    react: { useSuspense: false },
  })
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
  for (const [i, p] of paragraphs.entries()) {
    const row = new Map<string, PositionEntry>()
    for (const [j, d] of delegations.entries()) {
      // One cell in seven stays empty, as a negotiation in progress has many.
      if ((i + j) % 7 !== 0) row.set(d.code, entry(p.pid, d, VALUES[(i * 3 + j) % 5]!))
    }
    positions.set(p.pid, row)
  }
  let mirror: MirrorSnapshot = {
    positions,
    statuses: new Map(),
    consensus: new Map(),
    comments: [],
    notices: [],
  }
  const options: MatrixOptions = { filter: 'all', sort: 'order', showAdvisory: true }
  const root = createRoot(container)
  const split = { model: 0, react: 0 }
  const render = () => {
    const t0 = performance.now()
    const matrix = buildMatrix(paragraphs, delegations, mirror, options)
    const t1 = performance.now()
    split.model = t1 - t0
    flushSync(() =>
      root.render(
        createElement(
          I18nextProvider,
          { i18n: i18next },
          createElement(MatrixTable, { matrix, onOpen: () => {} }),
        ),
      ),
    )
    split.react = performance.now() - t1
    // Style and layout are part of what the user waits for.
    void container.offsetHeight
  }

  let started = performance.now()
  render()
  const firstRender = performance.now() - started
  const firstModel = split.model
  const firstReact = split.react
  const shown = container.querySelectorAll('tbody td[data-delegation]').length
  if (shown !== paragraphCount * delegationCount) {
    throw new Error(`the first render showed ${shown} cells: ${container.innerHTML.slice(0, 300)}`)
  }

  const updates: number[] = []
  let rowsTouched = 0
  const observer = new MutationObserver(() => {})
  for (let k = 0; k < 9; k++) {
    const pid = `p${(k * 37) % paragraphCount}`
    const d = delegations[(k * 11) % delegationCount]!
    const row = new Map(mirror.positions.get(pid))
    const current = row.get(d.code)?.value
    row.set(d.code, entry(pid, d, current === 'objection' ? 'support' : 'objection'))
    const next = new Map(mirror.positions)
    next.set(pid, row)
    mirror = { ...mirror, positions: next }
    observer.observe(container, {
      subtree: true,
      attributes: true,
      childList: true,
      characterData: true,
    })
    started = performance.now()
    render()
    updates.push(performance.now() - started)
    const touched = new Set(
      observer.takeRecords().map((record) => {
        const target =
          record.target instanceof Element ? record.target : record.target.parentElement
        return target?.closest('tr') ?? target
      }),
    )
    observer.disconnect()
    rowsTouched = Math.max(rowsTouched, touched.size)
    const cell = container.querySelector(`tr[data-pid="${pid}"] td[data-delegation="${d.code}"]`)
    if (cell?.getAttribute('data-value') !== row.get(d.code)!.value) {
      throw new Error(`the matrix did not show the change to ${pid}/${d.code}`)
    }
  }
  updates.sort((a, b) => a - b)
  root.unmount()
  return {
    paragraphs: paragraphCount,
    delegations: delegationCount,
    cells: paragraphCount * delegationCount,
    firstRender,
    firstModel,
    firstReact,
    update: updates[Math.floor(updates.length / 2)]!,
    slowestUpdate: updates.at(-1)!,
    rowsTouched,
  }
}
