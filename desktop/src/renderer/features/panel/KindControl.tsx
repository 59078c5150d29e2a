import { PARAGRAPH_KINDS, type ParagraphKind } from '@accord/editor'
import type { Editor } from '@tiptap/core'
import {
  Button as AriaButton,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { useDeclaration } from '../declaration/DeclarationContext'
import type { ParagraphInfo } from '../declaration/paragraphs'

/**
 * The secretariat, writing the zero draft, makes a block a heading, a preambular or an
 * operative paragraph (…); the editor gives it a working label of its new kind.
 */
export function KindControl({
  editor,
  paragraph,
}: {
  readonly editor: Editor
  readonly paragraph: ParagraphInfo
}) {
  const { t } = useTranslation()
  const { declaration } = useDeclaration()
  if (declaration.stage !== 'drafting' && declaration.stage !== 'negotiating') return null

  function change(kind: ParagraphKind) {
    if (kind === paragraph.kind) return
    editor
      .chain()
      .setTextSelection(paragraph.pos + 1)
      .updateAttributes('paragraph', { kind })
      .run()
  }

  return (
    <Select
      selectedKey={paragraph.kind}
      onSelectionChange={(key) => change(key as ParagraphKind)}
      className="select kind-control"
    >
      <Label className="field-label">{t('panel.kind')}</Label>
      <AriaButton className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </AriaButton>
      <Popover className="popover">
        <ListBox className="listbox">
          {PARAGRAPH_KINDS.map((kind) => (
            <ListBoxItem key={kind} id={kind} className="listbox-item">
              {t(`kind.${kind}`)}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  )
}
