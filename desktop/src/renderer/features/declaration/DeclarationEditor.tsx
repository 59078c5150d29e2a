import { declarationExtensions, PROPOSAL_MARK, ProposalMode } from '@accord/editor'
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor, useEditorState } from '@tiptap/react'
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { notify } from '../../app/notices'
import { useStore } from '../../app/useStore'
import { Gutter } from '../gutter/Gutter'
import { renderCaret } from '../presence/renderCaret'
import { AccessibleParagraphLocks } from './AccessibleParagraphLocks'
import { useDeclaration } from './DeclarationContext'
import { paragraphAt, paragraphsOf } from './paragraphs'

/** Props of {@link DeclarationEditor}. */
export interface DeclarationEditorProps {
  readonly canWrite: boolean
  readonly selectedPid: string | null
  onSelect(pid: string | null): void
  onEditor(editor: ReturnType<typeof useEditor> | null): void
}

/** A notice written just before the screen opened (a reconnect's repair) is still news. */
const NOTICE_GRACE_MS = 60_000

function quote(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
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

  // When the server repairs one of this user's edits (agreed text put back, another
  // delegation's bracket restored …) it writes a notice for them; each is shown once, in the
  // user's language, with the paragraph's working label. Notices older than this screen were
  // seen, or were not for this session.
  useEffect(() => {
    if (!editor) return
    const openedAt = Date.now() - NOTICE_GRACE_MS
    const shown = new Set<string>()
    const show = () => {
      const labels = new Map(
        paragraphsOf(editor.state.doc).map((p) => [p.pid, p.label || t(`kind.${p.kind}`)]),
      )
      for (const notice of connection.mirror.get().notices) {
        if (shown.has(notice.id) || notice.at < openedAt) continue
        if (notice.declarationId !== connection.ref.declarationId) continue
        if (notice.userId !== null && notice.userId !== me.user.id) continue
        shown.add(notice.id)
        for (const reason of notice.reasons) {
          notify('info', `repairs.${reason.code}`, {
            label: labels.get(reason.paragraphId) ?? reason.paragraphId,
            text: quote(reason.text),
            delegation: reason.delegation,
          })
        }
      }
    }
    show()
    return connection.mirror.subscribe(show)
  }, [editor, connection, me.user.id, t])

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
