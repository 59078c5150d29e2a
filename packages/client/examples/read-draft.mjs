#!/usr/bin/env node
// Signs in to an Accord server and prints a declaration's draft, paragraph by paragraph, with
// proposals in brackets, read live over the relay with the stock y-websocket client.
//
//   node packages/client/examples/read-draft.mjs http://127.0.0.1:3000 you@example.org 'password'
//
// It reads the first declaration of your first conference; pass a conference id and a
// declaration id after the password to choose another. See docs/api.md.
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const [server, email, password, chosenConference, chosenDeclaration] = process.argv.slice(2)
if (!server || !email || !password) {
  console.error(
    'usage: read-draft.mjs <server URL> <email> <password> [conferenceId declarationId]',
  )
  process.exit(2)
}

async function api(path, init = {}) {
  const response = await fetch(`${server}/api${path}`, init)
  const body = await response.json()
  if (!response.ok) throw new Error(`${path}: ${body.error?.code}: ${body.error?.message}`)
  return body
}

// 1. Sign in for a bearer token (the web client uses mode "cookie" instead).
const { token } = await api('/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password, mode: 'bearer' }),
})
const auth = { headers: { authorization: `Bearer ${token}` } }

// 2. Find the declaration.
const conferenceId = chosenConference ?? (await api('/conferences', auth))[0]?.id
if (!conferenceId) throw new Error('you belong to no conference')
const declarations = await api(`/conferences/${conferenceId}/declarations`, auth)
const declaration = declarations.find((d) => d.id === (chosenDeclaration ?? declarations[0]?.id))
if (!declaration) throw new Error('no such declaration')

// 3. Open its draft on the relay: the canonical document name, the token and the editor schema
//    version as parameters. y-websocket appends the room name to the URL.
const doc = new Y.Doc()
const provider = new WebsocketProvider(
  `${server.replace(/^http/, 'ws')}/sync`,
  `conference/${conferenceId}/declaration/${declaration.id}/draft`,
  doc,
  { WebSocketPolyfill: WebSocket, params: { token, editor: '1' }, disableBc: true },
)
provider.on('connection-close', (event) => {
  if (event && event.code >= 4400) console.error(`refused: ${event.code} ${event.reason}`)
})
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the draft did not sync within 10 s')), 10_000)
  provider.on('sync', (synced) => {
    if (!synced) return
    clearTimeout(timer)
    resolve()
  })
})

// 4. Read it: the fragment "default" holds one element per paragraph; proposals are the text's
//    "proposal" formatting (y-tiptap may suffix the key with "--" and a hash).
console.log(`${declaration.title} (${declaration.stage})`)
for (const paragraph of doc.getXmlFragment('default').toArray()) {
  if (!(paragraph instanceof Y.XmlElement)) continue
  let text = ''
  for (const child of paragraph.toArray()) {
    if (!(child instanceof Y.XmlText)) continue
    for (const run of child.toDelta()) {
      const key = Object.keys(run.attributes ?? {}).find((k) => /^proposal(--.{8})?$/.test(k))
      const proposal = key ? run.attributes[key] : null
      const words = typeof run.insert === 'string' ? run.insert : ''
      if (!proposal) text += words
      else if (proposal.action === 'delete') text += `[-${words}-]${proposal.delegation}`
      else text += `[${words}]${proposal.delegation}`
    }
  }
  const label = paragraph.getAttribute('label') || paragraph.getAttribute('kind')
  console.log(`${label}\t${text}`)
}
provider.destroy()
doc.destroy()
