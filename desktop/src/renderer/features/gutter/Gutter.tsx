import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { useLayoutEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from '../../app/useStore'
import { useDeclaration } from '../declaration/DeclarationContext'
import { paragraphsOf } from '../declaration/paragraphs'
import { ConsensusIndicator } from './ConsensusIndicator'
import { StatusBadge } from './StatusBadge'

/** Props of {@link Gutter}. */
export interface GutterProps {
  readonly editor: Editor | null
  readonly selectedPid: string | null
  onSelect(pid: string): void
}

const LABELLED = new Set(['preambular', 'operative'])

/**
 * The column beside the text: for each paragraph its working label, status and consensus, level
 * with it. It sits outside the editable text, so no widget ever enters the line being typed
 * (input methods break on those), and each entry is a button that selects its paragraph.
 */
export function Gutter({ editor, selectedPid, onSelect }: GutterProps) {
  const { t } = useTranslation()
  const { connection } = useDeclaration()
  const mirror = useStore(connection.mirror)
  const paragraphs =
    useEditorState({
      editor,
      selector: ({ editor: current }) =>
        current
          ? paragraphsOf(current.state.doc).map(({ pid, kind, label, pos }) => ({
              pid,
              kind,
              label,
              pos,
            }))
          : [],
    }) ?? []
  const [tops, setTops] = useState<Record<string, number>>({})

  // Re-measured whenever the blocks change (the effect reads the DOM they render to).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `paragraphs` is the trigger.
  useLayoutEffect(() => {
    if (!editor) return
    const measure = () => {
      const next: Record<string, number> = {}
      const frame = editor.view.dom.closest('.editor-frame')
      const frameTop = frame?.getBoundingClientRect().top ?? 0
      // Found by pid, not by position: positions from the last render may be stale already.
      for (const element of editor.view.dom.querySelectorAll(':scope > [data-pid]')) {
        const pid = element.getAttribute('data-pid')
        if (pid) next[pid] = element.getBoundingClientRect().top - frameTop
      }
      setTops((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(editor.view.dom)
    return () => observer.disconnect()
  }, [editor, paragraphs])

  return (
    <ol className="gutter" aria-label={t('gutter.label')}>
      {paragraphs.map((paragraph) => {
        if (!paragraph.pid) return null
        const labelled = LABELLED.has(paragraph.kind)
        const status = mirror.statuses.get(paragraph.pid)
        const selected = paragraph.pid === selectedPid
        return (
          <li
            key={paragraph.pid}
            className={`gutter-item${selected ? ' is-selected' : ''}`}
            style={{ top: tops[paragraph.pid] ?? 0 }}
            data-pid={paragraph.pid}
          >
            <button
              type="button"
              className="gutter-button"
              aria-current={selected ? 'true' : undefined}
              onClick={() => {
                onSelect(paragraph.pid)
                // Puts the cursor into the paragraph too, so typing continues where one looks.
                editor?.commands.setTextSelection(paragraph.pos + 1)
              }}
            >
              <span className="gutter-label">
                {labelled ? paragraph.label : t(`kind.${paragraph.kind}`)}
              </span>
              {labelled || status ? <StatusBadge status={status} /> : null}
              {labelled ? (
                <ConsensusIndicator consensus={mirror.consensus.get(paragraph.pid)} />
              ) : null}
            </button>
          </li>
        )
      })}
    </ol>
  )
}
