import { PARAGRAPH_STATUSES } from '@accord/protocol'
import { useState } from 'react'
import {
  Button as AriaButton,
  Dialog,
  Heading,
  Label,
  ListBox,
  ListBoxItem,
  Modal,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import type { ParagraphStatus } from '../../api/types'
import { useStore } from '../../app/useStore'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { useDeclaration } from '../declaration/DeclarationContext'
import type { ParagraphInfo } from '../declaration/paragraphs'

/** The secretariat sets a paragraph's status; marking it agreed (which locks it) is confirmed first. */
export function StatusControl({ paragraph }: { readonly paragraph: ParagraphInfo }) {
  const { t } = useTranslation()
  const { connection, path, delegations, declaration } = useDeclaration()
  const mirror = useStore(connection.mirror)
  const current = mirror.statuses.get(paragraph.pid)?.status ?? 'open'
  const [choice, setChoice] = useState<ParagraphStatus>(current)
  const [pending, setPending] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [reason, setReason] = useState('')
  if (declaration.stage !== 'drafting' && declaration.stage !== 'negotiating') return null
  // What the server refuses, said before asking: no agreement over open brackets, and over a
  // deciding delegation's objection only with a reason (the delegation an agreement is pending
  // on may object; that is what it waits for).
  const consensus = mirror.consensus.get(paragraph.pid)
  const agreeing = choice !== 'open'
  const openBrackets = agreeing ? (consensus?.openProposals ?? 0) : 0
  const pendingCode = delegations.find((d) => d.id === pending)?.code
  const objecting = agreeing
    ? (consensus?.blockedBy ?? []).filter((code) => choice !== 'pending' || code !== pendingCode)
    : []
  const needsReason = objecting.length > 0

  async function apply() {
    setError(null)
    try {
      await api('PUT', `${path}/statuses`, {
        paragraphId: paragraph.pid,
        status: choice,
        pendingDelegationId: choice === 'pending' ? pending : null,
        override: needsReason ? { reason: reason.trim() } : null,
      })
      setReason('')
      setConfirming(false)
    } catch (caught) {
      setError(caught)
      setConfirming(false)
    }
  }

  return (
    <div className="status-control">
      <Select
        selectedKey={choice}
        onSelectionChange={(key) => setChoice(key as ParagraphStatus)}
        className="select"
      >
        <Label className="field-label">{t('status.set')}</Label>
        <AriaButton className="select-button">
          <SelectValue />
          <span aria-hidden="true">▾</span>
        </AriaButton>
        <Popover className="popover">
          <ListBox className="listbox">
            {PARAGRAPH_STATUSES.map((status) => (
              <ListBoxItem key={status} id={status} className="listbox-item">
                {t(`status.${status}`)}
              </ListBoxItem>
            ))}
          </ListBox>
        </Popover>
      </Select>
      {choice === 'pending' ? (
        <Select
          selectedKey={pending}
          onSelectionChange={(key) => setPending(String(key))}
          className="select"
        >
          <Label className="field-label">{t('status.pendingDelegation')}</Label>
          <AriaButton className="select-button">
            <SelectValue />
            <span aria-hidden="true">▾</span>
          </AriaButton>
          <Popover className="popover">
            <ListBox className="listbox">
              {delegations.map((d) => (
                <ListBoxItem key={d.id} id={d.id} className="listbox-item" textValue={d.code}>
                  {d.code} — {d.name}
                </ListBoxItem>
              ))}
            </ListBox>
          </Popover>
        </Select>
      ) : null}
      {openBrackets > 0 ? (
        <p className="muted small" data-status-hint="brackets">
          {t('status.openBrackets', { count: openBrackets })}
        </p>
      ) : null}
      {needsReason && openBrackets === 0 ? (
        <TextField
          label={t('status.overrideReason', { delegations: objecting.join(', ') })}
          description={t('status.overrideHint')}
          multiline
          value={reason}
          onChange={setReason}
          isRequired
        />
      ) : null}
      <Button
        variant="primary"
        isDisabled={
          choice === current ||
          (choice === 'pending' && !pending) ||
          openBrackets > 0 ||
          (needsReason && reason.trim() === '')
        }
        onPress={() => (choice === 'agreed' ? setConfirming(true) : void apply())}
      >
        {t('status.apply')}
      </Button>
      <ErrorMessage error={error} />
      <Modal isOpen={confirming} onOpenChange={setConfirming} isDismissable className="modal">
        <Dialog className="dialog">
          <Heading slot="title">
            {t('status.confirmTitle', { name: paragraph.label || paragraph.pid })}
          </Heading>
          <p>{t('status.confirmText')}</p>
          <div className="dialog-actions">
            <Button onPress={() => setConfirming(false)}>{t('common.cancel')}</Button>
            <Button variant="primary" onPress={() => void apply()}>
              {t('status.markAgreed')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </div>
  )
}
