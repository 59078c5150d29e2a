import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { Heading, Tab, TabList, TabPanel, Tabs } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { useStore } from '../../app/useStore'
import { CommentsPanel } from '../comments/CommentsPanel'
import { useDeclaration } from '../declaration/DeclarationContext'
import { type ParagraphInfo, paragraphsOf } from '../declaration/paragraphs'
import { ConsensusIndicator } from '../gutter/ConsensusIndicator'
import { StatusBadge } from '../gutter/StatusBadge'
import { PositionsPanel } from '../positions/PositionsPanel'
import { ProposalsPanel } from '../proposals/ProposalsPanel'
import { KindControl } from './KindControl'
import { StatusControl } from './StatusControl'

/** Props of {@link SidePanel}. */
export interface SidePanelProps {
  readonly editor: Editor | null
  readonly selectedPid: string | null
}

/** The selected paragraph: its consensus, comments, positions and proposals. */
export function SidePanel({ editor, selectedPid }: SidePanelProps) {
  const { t } = useTranslation()
  const { connection, role } = useDeclaration()
  const mirror = useStore(connection.mirror)
  const paragraph: ParagraphInfo | null =
    useEditorState({
      editor,
      selector: ({ editor: current }) =>
        current && selectedPid
          ? (paragraphsOf(current.state.doc).find((p) => p.pid === selectedPid) ?? null)
          : null,
    }) ?? null

  if (!paragraph) {
    return (
      <aside className="side-panel" aria-label={t('panel.label')}>
        <p className="muted">{t('panel.nothingSelected')}</p>
      </aside>
    )
  }
  const consensus = mirror.consensus.get(paragraph.pid)
  const name = paragraph.label || t(`kind.${paragraph.kind}`)
  const comments = mirror.comments.filter((c) => c.paragraphId === paragraph.pid && !c.deleted)
  const status = mirror.statuses.get(paragraph.pid)
  return (
    <aside className="side-panel" aria-labelledby="panel-heading" data-pid={paragraph.pid}>
      <Heading level={2} id="panel-heading" className="panel-heading">
        {t('panel.heading', { name })}
      </Heading>
      <p className="muted small">
        {t('panel.identity', { id: paragraph.pid, kind: t(`kind.${paragraph.kind}`) })}
      </p>
      <div className="panel-summary">
        <StatusBadge status={status} />
        <ConsensusIndicator consensus={consensus} />
      </div>
      {status?.override ? (
        <p className="small" data-status-override>
          {t('status.overridden', {
            delegations: status.override.objections.join(', '),
            reason: status.override.reason,
          })}
        </p>
      ) : null}
      {consensus && consensus.waitingFor.length > 0 ? (
        <p className="muted small">
          {t('consensus.waitingFor', {
            count: consensus.waitingFor.length,
            list: consensus.waitingFor.join(', '),
          })}
        </p>
      ) : null}
      {role === 'secretariat' ? (
        <>
          <StatusControl key={paragraph.pid} paragraph={paragraph} />
          {editor ? (
            <KindControl key={`kind-${paragraph.pid}`} editor={editor} paragraph={paragraph} />
          ) : null}
        </>
      ) : null}
      <Tabs className="tabs">
        <TabList aria-label={t('panel.sections')} className="tab-list">
          <Tab id="comments" className="tab">
            {t('comments.tab', { count: comments.length })}
          </Tab>
          <Tab id="positions" className="tab">
            {t('positions.tab', { count: mirror.positions.get(paragraph.pid)?.size ?? 0 })}
          </Tab>
          <Tab id="proposals" className="tab">
            {t('proposals.tab', { count: paragraph.proposals.length })}
          </Tab>
        </TabList>
        <TabPanel id="comments" className="tab-panel">
          <CommentsPanel paragraph={paragraph} />
        </TabPanel>
        <TabPanel id="positions" className="tab-panel">
          <PositionsPanel paragraph={paragraph} />
        </TabPanel>
        <TabPanel id="proposals" className="tab-panel">
          <ProposalsPanel paragraph={paragraph} editor={editor} />
        </TabPanel>
      </Tabs>
    </aside>
  )
}
