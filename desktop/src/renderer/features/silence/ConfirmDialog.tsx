import { Dialog, Heading, Modal } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  readonly isOpen: boolean
  readonly title: string
  readonly children: React.ReactNode
  readonly confirm: string
  readonly busy: boolean
  readonly error: unknown
  readonly variant?: 'primary' | 'danger'
  onConfirm(): void
  onCancel(): void
}

/** A confirmation of an act that changes the text's standing for everyone. */
export function ConfirmDialog({
  isOpen,
  title,
  children,
  confirm,
  busy,
  error,
  variant = 'primary',
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const { t } = useTranslation()
  return (
    <Modal
      isOpen={isOpen}
      onOpenChange={(open) => !open && onCancel()}
      isDismissable={!busy}
      className="modal"
    >
      <Dialog className="dialog">
        <Heading slot="title">{title}</Heading>
        {children}
        <ErrorMessage error={error} />
        <ServerReason error={error} />
        <div className="dialog-actions">
          <Button onPress={onCancel} isDisabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button variant={variant} onPress={onConfirm} isDisabled={busy}>
            {confirm}
          </Button>
        </div>
      </Dialog>
    </Modal>
  )
}

/**
 * The server's own explanation of a conflict (it names the paragraphs in the way: "open brackets
 * in OP6 (JPN); not agreed: OP2 (agreed ad ref)"), in the server's language, marked as such.
 */
export function ServerReason({ error }: { readonly error: unknown }) {
  const { t } = useTranslation()
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'conflict') return null
  return (
    <p className="small server-reason">
      {t('silence.serverSays')} <span lang="en">{error.message}</span>
    </p>
  )
}
