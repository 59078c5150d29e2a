import { useId } from 'react'
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts'
import type { DayProgress } from './progressModel'

/** The three series, bottom to top, each with its own fill pattern (not colour alone). */
export const SERIES = ['agreed', 'provisional', 'open'] as const
export type Series = (typeof SERIES)[number]

/** Props of {@link ProgressChart}. */
export interface ProgressChartProps {
  readonly days: readonly DayProgress[]
  /** The negotiated paragraphs in the text now: the height of the axis. */
  readonly total: number
  readonly language: string
  /** The series' names, in the UI's language, for the legend. */
  readonly labels: Readonly<Record<Series, string>>
  readonly height?: number
}

/** A day (YYYY-MM-DD) as a short axis label: "Mar 2", "3月2日". */
function dayTick(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y!, (m ?? 1) - 1, d ?? 1))
}

/**
 * Paragraphs by status at the end of each day, as stacked bars (recharts). It only repeats the
 * table that comes with it, so it is hidden from assistive technology and takes no focus
 * (recharts' keyboard layer is off). Agreed is solid, provisional hatched and open dotted, so the
 * series differ in pattern as well as in colour, in the legend as on the bars.
 */
export default function ProgressChart({
  days,
  total,
  language,
  labels,
  height = 220,
}: ProgressChartProps) {
  // One set of patterns per chart; useId's characters are not all valid in a url(#…) reference.
  const prefix = `progress-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
  const fill = (series: Series) => `url(#${prefix}-${series})`
  const max = Math.max(1, total, ...days.map((d) => d.agreed + d.provisional + d.open))
  return (
    <div className="progress-chart" aria-hidden="true">
      <svg className="progress-patterns" width="0" height="0" aria-hidden="true" focusable="false">
        <defs>
          <pattern id={`${prefix}-agreed`} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect className="progress-fill-agreed" width="8" height="8" />
          </pattern>
          <pattern
            id={`${prefix}-provisional`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect className="progress-fill-provisional-ground" width="6" height="6" />
            <rect className="progress-fill-provisional" width="3" height="6" />
          </pattern>
          <pattern id={`${prefix}-open`} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect className="progress-fill-open-ground" width="6" height="6" />
            <circle className="progress-fill-open" cx="3" cy="3" r="1.2" />
          </pattern>
        </defs>
      </svg>
      <ul className="progress-legend small">
        {SERIES.map((series) => (
          <li key={series} className="progress-key">
            <svg width="18" height="12" aria-hidden="true" focusable="false">
              <rect
                className={`progress-bar progress-bar-${series}`}
                x="0.5"
                y="0.5"
                width="17"
                height="11"
                fill={fill(series)}
              />
            </svg>
            {labels[series]}
          </li>
        ))}
      </ul>
      <BarChart
        data={[...days]}
        responsive
        style={{ width: '100%', maxWidth: '48rem', height }}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        accessibilityLayer={false}
        barCategoryGap="20%"
      >
        <CartesianGrid vertical={false} className="progress-grid" />
        <XAxis
          dataKey="day"
          tickFormatter={(day: string) => dayTick(day, language)}
          tickLine={false}
          minTickGap={16}
        />
        <YAxis domain={[0, max]} allowDecimals={false} width={32} tickLine={false} />
        {SERIES.map((series) => (
          <Bar
            key={series}
            dataKey={series}
            stackId="status"
            fill={fill(series)}
            className={`progress-bar progress-bar-${series}`}
            maxBarSize={48}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </div>
  )
}
