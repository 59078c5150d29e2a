import { declarationExtensions, PROPOSAL_MARK, ProposalMode } from '@accord/editor'
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret'
import type { Node as PMNode } from '@tiptap/pm/model'
import type { Transaction } from '@tiptap/pm/state'
import { EditorContent, useEditor, useEditorState } from '@tiptap/react'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { notify } from '../../app/notices'
import { useStore } from '../../app/useStore'
import { Gutter } from '../gutter/Gutter'
import { renderCaret } from '../presence/renderCaret'
import { AccessibleParagraphLocks } from './AccessibleParagraphLocks'
import { useDeclaration } from './DeclarationContext'
import { paragraphAt } from './paragraphs'

/** Props of {@link DeclarationEditor}. */
export interface DeclarationEditorProps {
  readonly canWrite: boolean
  readonly selectedPid: string | null
  onSelect(pid: string | null): void
  onEditor(editor: ReturnType<typeof useEditor> | null): void
}

/** How long a remote change to a paragraph may precede the news that it is agreed. */
const RESTORE_WINDOW_MS = 10_000

/** The paragraphs (by pid, as they are after) whose content differs between two documents. */
function changedParagraphs(before: PMNode, after: PMNode): Map<string, PMNode> {
  const old = new Map<string, PMNode>()
  before.forEach((node) => {
    if (node.attrs.pid) old.set(node.attrs.pid, node)
  })
  const changed = new Map<string, PMNode>()
  after.forEach((node) => {
    const previous = old.get(node.attrs.pid)
    if (previous && previous !== node && !previous.content.eq(node.content)) {
      changed.set(node.attrs.pid, node)
    }
  })
  return changed
}

/**
 * The declaration text: TipTap on the one extension list of `@accord/editor`, bound to the
 * draft's Y.Doc, with carets, proposal mode for delegates and locks on agreed paragraphs.
 * The text lives only in Yjs; React reads what it shows through editor selectors.
 */
export function DeclarationEditor({
  canWrite,
  selectedPid,
  onSelect,
  onEditor,
}: DeclarationEditorProps) {
  const { t } = useTranslation()
  const { connection, myDelegation, role, me } = useDeclaration()
  const mirror = useStore(connection.mirror)
  const composing = useRef(false)
  const held = useStore(connection.draftGate.held)

  const code = myDelegation?.code ?? null
  const extensions = useMemo(
    () => [
      ...declarationExtensions({ document: connection.draft.doc }),
      ProposalMode,
      AccessibleParagraphLocks,
      CollaborationCaret.configure({
        provider: connection.draft.provider,
        // The server overwrites this from the session; it is here for this client's own view.
        user: { name: me.user.name, delegation: code },
        render: renderCaret,
      }),
    ],
    [connection, me.user.name, code],
  )

  const editor = useEditor(
    {
      extensions,
      // The CSP forbids inline <style>; the editor's CSS is in styles.css.
      injectCSS: false,
      shouldRerenderOnTransaction: false,
      editable: canWrite,
      editorProps: {
        attributes: {
          class: 'declaration-text',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': t('editor.label'),
          spellcheck: 'true',
        },
        // Remote updates wait while an input method composes (see RemoteUpdateGate), and are
        // applied once ProseMirror has taken the composed text in.
        handleDOMEvents: {
          compositionstart: () => {
            composing.current = true
            connection.draftGate.pause()
            return false
          },
          compositionend: () => {
            composing.current = false
            setTimeout(() => connection.draftGate.resume(), 20)
            return false
          },
          blur: () => {
            if (connection.draftGate.paused) setTimeout(() => connection.draftGate.resume(), 20)
            return false
          },
        },
      },
    },
    [extensions],
  )

  useEffect(() => {
    onEditor(editor)
    return () => onEditor(null)
  }, [editor, onEditor])

  useEffect(() => {
    editor?.setEditable(canWrite)
  }, [editor, canWrite])

  // Delegates write proposals of their delegation; the secretariat holds the pen and writes clean text.
  useEffect(() => {
    if (!editor) return
    if (role === 'delegate' && code) editor.commands.setProposalMode({ delegation: code })
    else editor.commands.unsetProposalMode()
  }, [editor, role, code])

  const agreed = useMemo(
    () =>
      [...mirror.statuses.entries()]
        .filter(([, entry]) => entry.status === 'agreed')
        .map(([pid]) => pid)
        .sort(),
    [mirror.statuses],
  )
  const agreedKey = agreed.join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the list's contents.
  useEffect(() => {
    editor?.commands.setLockedParagraphs(agreed)
  }, [editor, agreedKey])

  // An agreed paragraph that changes under us was restored by the server (someone edited it
  // while it was locked, e.g. offline): say so, rather than let text vanish silently. After a
  // reconnect the restore and the mirror that says "agreed" arrive in either order, so recent
  // remote changes are remembered and judged whenever either arrives. Only paragraphs this
  // person changed count: someone else's words being put back is not news to them.
  useEffect(() => {
    if (!editor) return
    const edited = new Set<string>()
    const recent = new Map<string, { at: number; label: string }>()
    const judge = () => {
      const statuses = connection.mirror.get().statuses
      for (const [pid, change] of recent) {
        if (Date.now() - change.at > RESTORE_WINDOW_MS) recent.delete(pid)
        else if (statuses.get(pid)?.status === 'agreed') {
          recent.delete(pid)
          notify('info', 'editor.restored', { label: change.label })
        }
      }
    }
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      if (!transaction.docChanged) return
      const changed = changedParagraphs(transaction.before, transaction.doc)
      if (!transaction.getMeta(ySyncPluginKey)?.isChangeOrigin) {
        for (const pid of changed.keys()) edited.add(pid)
        return
      }
      for (const [pid, node] of changed) {
        if (edited.has(pid))
          recent.set(pid, { at: Date.now(), label: String(node.attrs.label || pid) })
      }
      judge()
    }
    editor.on('transaction', onTransaction)
    const unsubscribe = connection.mirror.subscribe(judge)
    return () => {
      editor.off('transaction', onTransaction)
      unsubscribe()
    }
  }, [editor, connection])

  // The paragraph holding the cursor is the selected one (the side panel follows it).
  const cursorPid = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current) return null
      return paragraphAt(current.state.doc, current.state.selection.from)?.pid ?? null
    },
  })
  useEffect(() => {
    if (cursorPid && !composing.current) onSelect(cursorPid)
  }, [cursorPid, onSelect])

  return (
    <div className="editor-frame">
      <Gutter editor={editor} selectedPid={selectedPid} onSelect={onSelect} />
      <div className="editor-column" data-proposal-mark={PROPOSAL_MARK} data-held-updates={held}>
        <EditorContent editor={editor} />
      </div>
    </div>
  )
}
