import type { ProgressPoint } from './progressModel'

const WIDTH = 640
const HEIGHT = 180
const PAD = 24

/**
 * Agreed and provisionally agreed paragraphs after each change, as two step lines. It only
 * repeats the table beside it (`aria-hidden`); the lines differ in dash as well as colour.
 */
export function ProgressChart({
  points,
  total,
}: {
  readonly points: readonly ProgressPoint[]
  readonly total: number
}) {
  if (points.length === 0) return null
  const max = Math.max(1, total, ...points.map((p) => p.agreed + p.provisional + p.open))
  const x = (i: number) => PAD + (i / Math.max(1, points.length - 1)) * (WIDTH - 2 * PAD)
  const y = (n: number) => HEIGHT - PAD - (n / max) * (HEIGHT - 2 * PAD)
  const line = (value: (p: ProgressPoint) => number) =>
    points
      .map(
        (p, i) =>
          `${i === 0 ? 'M' : 'H'}${x(i).toFixed(1)}${i === 0 ? ` ${y(value(p)).toFixed(1)}` : ` V${y(value(p)).toFixed(1)}`}`,
      )
      .join(' ')
  return (
    <svg
      className="progress-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="presentation"
      aria-hidden="true"
      focusable="false"
    >
      <line className="progress-axis" x1={PAD} y1={y(0)} x2={WIDTH - PAD} y2={y(0)} />
      <line className="progress-axis" x1={PAD} y1={y(max)} x2={WIDTH - PAD} y2={y(max)} />
      <text className="progress-tick" x={2} y={y(max) + 4}>
        {max}
      </text>
      <text className="progress-tick" x={2} y={y(0) + 4}>
        0
      </text>
      <path
        className="progress-line progress-provisional"
        d={line((p) => p.agreed + p.provisional)}
      />
      <path className="progress-line progress-agreed" d={line((p) => p.agreed)} />
    </svg>
  )
}
