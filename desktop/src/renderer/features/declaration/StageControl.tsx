import { STAGE_TRANSITIONS } from '@accord/protocol'
import { useState } from 'react'
import { Dialog, Heading, Modal } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import type { Stage } from '../../api/types'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useDeclaration } from './DeclarationContext'

/** The secretariat's stage moves, each confirmed first: a wrong move freezes or opens the text for everyone. */
export function StageControl() {
  const { t } = useTranslation()
  const { declaration, path, reload } = useDeclaration()
  const [target, setTarget] = useState<Stage | null>(null)
  const [error, setError] = useState<unknown>(null)
  const moves = STAGE_TRANSITIONS[declaration.stage]
  if (moves.length === 0) return null

  async function move(stage: Stage) {
    setError(null)
    try {
      await api('PUT', `${path}/stage`, { stage })
      setTarget(null)
      reload()
    } catch (caught) {
      setError(caught)
    }
  }

  return (
    <div className="stage-control">
      {moves.map((stage) => (
        <Button key={stage} onPress={() => setTarget(stage)}>
          {t('stage.moveTo', { stage: t(`stage.${stage}`) })}
        </Button>
      ))}
      <Modal
        isOpen={target !== null}
        onOpenChange={(open) => !open && setTarget(null)}
        isDismissable
        className="modal"
      >
        <Dialog className="dialog">
          <Heading slot="title">{t('stage.confirmTitle')}</Heading>
          <p>
            {target
              ? t('stage.confirmText', {
                  from: t(`stage.${declaration.stage}`),
                  to: t(`stage.${target}`),
                })
              : null}
          </p>
          <ErrorMessage error={error} />
          <div className="dialog-actions">
            <Button onPress={() => setTarget(null)}>{t('common.cancel')}</Button>
            <Button variant="primary" onPress={() => target && void move(target)}>
              {t('common.confirm')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </div>
  )
}
