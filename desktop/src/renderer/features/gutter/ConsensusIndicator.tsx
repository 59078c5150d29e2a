import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ConsensusState } from '../../api/types'

/** The short, worded form of a paragraph's consensus (the colour and symbol only repeat it). */
export function consensusSummary(
  consensus: ConsensusState | undefined,
  t: TFunction,
): { tone: 'ready' | 'blocked' | 'amend' | 'open' | 'none'; symbol: string; text: string } {
  if (!consensus) return { tone: 'none', symbol: '·', text: t('consensus.unknown') }
  if (consensus.blockedBy.length > 0) {
    return {
      tone: 'blocked',
      symbol: '✕',
      text: t('consensus.blocked', { list: consensus.blockedBy.join(', ') }),
    }
  }
  if (consensus.amendmentsBy.length > 0) {
    return {
      tone: 'amend',
      symbol: '±',
      text: t('consensus.amendments', { list: consensus.amendmentsBy.join(', ') }),
    }
  }
  if (consensus.openProposals > 0) {
    return {
      tone: 'open',
      symbol: '[ ]',
      text: t('consensus.openProposals', { count: consensus.openProposals }),
    }
  }
  return { tone: 'ready', symbol: '✓', text: t('consensus.ready') }
}

/** A paragraph's consensus: symbol, colour and, always, words. */
export function ConsensusIndicator({
  consensus,
}: {
  readonly consensus: ConsensusState | undefined
}) {
  const { t } = useTranslation()
  const summary = consensusSummary(consensus, t)
  return (
    <span className={`consensus consensus-${summary.tone}`}>
      <span aria-hidden="true" className="consensus-symbol">
        {summary.symbol}
      </span>{' '}
      <span className="consensus-text">{summary.text}</span>
    </span>
  )
}
