import type { Matrix } from './matrixModel'
import { matrixColumns } from './matrixModel'

/** One CSV field (RFC 4180), with a leading formula character defused for spreadsheets. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * The matrix as shown (its filter, order and columns) as CSV: one row per paragraph, one column
 * per delegation, with the position values as the API spells them (`objection`, …) and an empty
 * field where a delegation has not stated one. A second header row says which columns decide.
 */
export function matrixCsv(matrix: Matrix): string {
  const columns = matrixColumns(matrix)
  const lines = [
    ['paragraph', 'id', 'status', ...columns.map((c) => c.code)],
    ['', '', '', ...columns.map((c) => (c.decides ? 'deciding' : 'advisory'))],
    ...matrix.rows.map((row) => [
      row.label,
      row.pid,
      row.status === 'pending' ? `pending ${row.pendingDelegation ?? ''}`.trim() : row.status,
      ...row.cells.map((cell) => cell ?? ''),
    ]),
  ]
  return `${lines.map((line) => line.map(field).join(',')).join('\r\n')}\r\n`
}

/** Offers text as a file download, built in the browser (nothing goes to the server). */
export function downloadText(
  fileName: string,
  text: string,
  type = 'text/csv;charset=utf-8',
): void {
  // The byte-order mark lets spreadsheet programs read UTF-8 (Japanese names) correctly.
  const blob = new Blob(['\uFEFF', text], { type })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
