import type { Editor } from '@tiptap/core'
import { useEffect } from 'react'
import { paragraphsOf } from '../declaration/paragraphs'

/**
 * Arriving from the matrix: once the editor holds the paragraph (the draft may still be
 * syncing), puts the cursor at its start and scrolls it into view, once per arrival. The
 * editor's cursor then selects it, so the side panel follows as for any other selection.
 */
export function useOpenParagraph(editor: Editor | null, paragraphId: string | null): void {
  useEffect(() => {
    if (!editor || !paragraphId) return
    let done = false
    const tryOpen = () => {
      if (done || editor.isDestroyed) return
      const paragraph = paragraphsOf(editor.state.doc).find((p) => p.pid === paragraphId)
      if (!paragraph) return
      done = true
      editor.off('update', tryOpen)
      editor
        .chain()
        .focus()
        .setTextSelection(paragraph.pos + 1)
        .run()
      const dom = editor.view.nodeDOM(paragraph.pos)
      if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center' })
    }
    editor.on('update', tryOpen)
    tryOpen()
    return () => {
      editor.off('update', tryOpen)
    }
  }, [editor, paragraphId])
}
