import { useCallback, useMemo, useState } from 'react'
import { Checkbox, Heading, Label, Radio, RadioGroup } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../api/types'
import { navigate, routeHref } from '../../app/route'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { DeclarationViewsNav } from './DeclarationViewsNav'
import { MatrixTable } from './MatrixTable'
import { downloadText, matrixCsv } from './matrixCsv'
import {
  buildMatrix,
  MATRIX_FILTERS,
  MATRIX_SORTS,
  type MatrixFilter,
  type MatrixSort,
} from './matrixModel'
import { NotOpenNote } from './NotOpenNote'
import { POSITION_SYMBOLS } from './positionSymbols'
import { useNegotiationView } from './useNegotiationView'
import './matrix.css'

/** Props of {@link MatrixScreen}. */
export interface MatrixScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
}

const LEGEND = ['support', 'flexible', 'reservation', 'objection', 'amendment', 'none'] as const

/**
 * The position matrix: every paragraph against every delegation, deciding and advisory apart,
 * live from the shared mirror, with filters, sorting and a CSV export of what is shown.
 */
export function MatrixScreen({ me, conferenceId, declarationId }: MatrixScreenProps) {
  const { t } = useTranslation()
  const view = useNegotiationView(me, conferenceId, declarationId)
  const [filter, setFilter] = useState<MatrixFilter>('all')
  const [sort, setSort] = useState<MatrixSort>('order')
  const [showAdvisory, setShowAdvisory] = useState(true)
  const { mirror } = view
  const matrix = useMemo(
    () =>
      view.delegations && view.mirrorReady
        ? buildMatrix(view.paragraphs, view.delegations, mirror, { filter, sort, showAdvisory })
        : null,
    [view.paragraphs, view.delegations, view.mirrorReady, mirror, filter, sort, showAdvisory],
  )
  const onOpen = useCallback(
    (paragraphId: string) =>
      navigate({ screen: 'declaration', conferenceId, declarationId, paragraphId }),
    [conferenceId, declarationId],
  )

  if (!view.membership) return <p role="alert">{t('errors.forbidden')}</p>
  // Observers never see drafts (the API does not even list them one).
  if (view.membership.role === 'observer') return <NotOpenNote memberRole="observer" />
  if (view.error) return <ErrorMessage error={view.error} />
  // A delegate sees nothing of a zero draft until it circulates.
  if (view.loaded && !view.mayOpen && view.membership.role !== 'secretariat') {
    return <NotOpenNote memberRole={view.membership.role} />
  }
  if (view.loaded && !view.declaration) return <p role="alert">{t('errors.not_found')}</p>
  const title = view.declaration?.title ?? ''

  return (
    <div className="matrix-screen">
      <div className="declaration-header">
        <nav aria-label={t('declaration.breadcrumb')} className="breadcrumb">
          <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
        </nav>
        <Heading level={1} className="declaration-title">
          {t('matrix.title', { title })}
        </Heading>
        <DeclarationViewsNav
          conferenceId={conferenceId}
          declarationId={declarationId}
          current="matrix"
        />
        {view.connection ? <ConnectionStatusView connection={view.connection} /> : null}
      </div>
      <div className="matrix-controls card">
        <RadioGroup
          value={filter}
          onChange={(v) => setFilter(v as MatrixFilter)}
          orientation="horizontal"
          className="radio-group matrix-filter"
        >
          <Label className="field-label">{t('matrix.filter')}</Label>
          {MATRIX_FILTERS.map((f) => (
            <Radio key={f} value={f} className="radio">
              {t(`matrix.filters.${f}`)}
            </Radio>
          ))}
        </RadioGroup>
        <RadioGroup
          value={sort}
          onChange={(v) => setSort(v as MatrixSort)}
          orientation="horizontal"
          className="radio-group matrix-sort"
        >
          <Label className="field-label">{t('matrix.sort')}</Label>
          {MATRIX_SORTS.map((s) => (
            <Radio key={s} value={s} className="radio">
              {t(`matrix.sorts.${s}`)}
            </Radio>
          ))}
        </RadioGroup>
        <div className="matrix-actions">
          <Checkbox isSelected={showAdvisory} onChange={setShowAdvisory} className="checkbox">
            {t('matrix.showAdvisory')}
          </Checkbox>
          <Button
            isDisabled={!matrix}
            onPress={() => {
              if (matrix)
                downloadText(`${t('matrix.fileName')}-${declarationId}.csv`, matrixCsv(matrix))
            }}
          >
            {t('matrix.export')}
          </Button>
        </div>
      </div>
      <ul className="matrix-legend" aria-label={t('matrix.legend')}>
        {LEGEND.map((value) => {
          const short = t(`matrix.short.${value}`)
          const long = value === 'none' ? t('matrix.noPosition') : t(`positions.values.${value}`)
          return (
            <li key={value} className={`cell cell-${value}`}>
              <span aria-hidden="true" className="cell-symbol">
                {POSITION_SYMBOLS[value]}
              </span>{' '}
              {short === long ? short : `${short} = ${long}`}
            </li>
          )
        })}
      </ul>
      {matrix ? (
        <>
          <p className="matrix-count" aria-live="polite">
            {t('matrix.showing', { count: matrix.rows.length, total: matrix.total })}
          </p>
          {matrix.rows.length > 0 ? (
            <MatrixTable matrix={matrix} onOpen={onOpen} />
          ) : (
            <p className="muted">{t('matrix.empty')}</p>
          )}
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </div>
  )
}
