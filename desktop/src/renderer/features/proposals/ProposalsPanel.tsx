import type { Editor } from '@tiptap/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useDeclaration } from '../declaration/DeclarationContext'
import type { ParagraphInfo, ParagraphProposal } from '../declaration/paragraphs'
import { delegationColour } from '../presence/delegationColour'
import { AlternativeForm } from './AlternativeForm'

/** The proposals (brackets) and alternatives of a paragraph; the secretariat accepts or rejects them. */
export function ProposalsPanel({
  paragraph,
  editor,
}: {
  readonly paragraph: ParagraphInfo
  readonly editor: Editor | null
}) {
  const { t } = useTranslation()
  const { role, path, declaration, myDelegation } = useDeclaration()
  const [error, setError] = useState<unknown>(null)
  const canDecide =
    role === 'secretariat' &&
    (declaration.stage === 'negotiating' || declaration.stage === 'drafting')

  async function decide(proposal: ParagraphProposal, decision: 'accepted' | 'rejected') {
    setError(null)
    try {
      await api('POST', `${path}/proposal-decisions`, {
        paragraphId: paragraph.pid,
        proposalId: proposal.id,
        decision,
      })
    } catch (caught) {
      setError(caught)
    }
  }

  const canPropose =
    role === 'delegate' && myDelegation && editor && declaration.stage === 'negotiating'
  return (
    <div className="proposals">
      {paragraph.proposals.length === 0 ? <p className="muted">{t('proposals.none')}</p> : null}
      <ul className="proposal-list">
        {paragraph.proposals.map((proposal) => (
          <li
            key={`${proposal.id}-${proposal.delegation}`}
            className="proposal-item"
            data-delegation={proposal.delegation}
          >
            <div className="proposal-head">
              <span
                className="tag"
                style={{ backgroundColor: delegationColour(proposal.delegation) }}
              >
                {proposal.delegation}
              </span>{' '}
              <span className="badge">
                {proposal.alternative != null
                  ? t('proposals.alternative', { n: proposal.alternative })
                  : t(`proposals.${proposal.action}`)}
              </span>
              {proposal.alternative != null && proposal.action === 'delete' ? (
                <span className="badge">{t('proposals.noText')}</span>
              ) : null}
            </div>
            <p className={`proposal-text proposal-text-${proposal.action}`}>[{proposal.text}]</p>
            {canDecide ? (
              <div className="proposal-actions">
                <Button variant="primary" onPress={() => void decide(proposal, 'accepted')}>
                  {t('proposals.accept')}
                </Button>
                <Button variant="danger" onPress={() => void decide(proposal, 'rejected')}>
                  {t('proposals.reject')}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
      {canPropose ? (
        <AlternativeForm
          key={paragraph.pid}
          editor={editor}
          paragraph={paragraph}
          delegation={myDelegation.code}
        />
      ) : null}
    </div>
  )
}
