import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

/** The parts of an OpenAPI 3.1 document the reference shows. */
interface OpenApiOperation {
  readonly summary?: string
  readonly description?: string
  readonly security?: readonly unknown[]
  readonly parameters?: readonly { name: string; in: string; required?: boolean }[]
  readonly requestBody?: { content?: Record<string, { schema?: unknown }> }
  readonly responses?: Record<string, { description?: string }>
}

export interface OpenApiDocument {
  readonly info: { title: string; version: string; description?: string }
  readonly paths?: Record<string, Record<string, OpenApiOperation>>
  readonly components?: {
    readonly schemas?: Record<string, unknown>
    readonly securitySchemes?: Record<string, { description?: string }>
  }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

/** A stable anchor for an operation, e.g. `post-auth-login`. */
function anchor(method: string, path: string): string {
  return `${method}-${path
    .replace(/[{}]/g, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`
}

/** `code` spans for text in backticks; everything else escaped. */
function inline(text: string | undefined): HtmlEscapedString | Promise<HtmlEscapedString> {
  const parts = (text ?? '').split('`')
  return html`${parts.map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : html`${part}`))}`
}

/** A schema, with `$ref`s to named components written out once, as JSON. */
function schemaText(schema: unknown, components: Record<string, unknown>): string {
  const seen = new Set<string>()
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve)
    if (value && typeof value === 'object') {
      const ref = (value as { $ref?: unknown }).$ref
      if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const name = ref.slice('#/components/schemas/'.length)
        if (seen.has(name)) return { $ref: name }
        seen.add(name)
        return resolve(components[name])
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
    }
    return value
  }
  return JSON.stringify(resolve(schema), null, 2)
}

/**
 * The API reference as one server-rendered page: every operation of the OpenAPI document with
 * its summary, description, authentication, parameters, body and responses. No script, no
 * external asset, so it works offline, prints, and reads with a screen reader.
 */
export function renderReference(
  doc: OpenApiDocument,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const components = doc.components?.schemas ?? {}
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      path,
      method,
      op: item[method]!,
    })),
  )
  const groups = new Map<string, typeof operations>()
  for (const entry of operations) {
    const group = entry.path.split('/')[1] ?? ''
    groups.set(group, [...(groups.get(group) ?? []), entry])
  }
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
header,main,nav{max-width:60rem;margin:0 auto;padding:0 1rem}
h1{margin-top:1.5rem}h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2rem}
section.op{border:1px solid #ccd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.method{font-weight:700;text-transform:uppercase;display:inline-block;min-width:4.5rem}
pre{background:#f4f5f7;padding:.75rem;overflow:auto;font-size:.85rem}
code{background:#f4f5f7;padding:0 .2rem}
table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.2rem .5rem;text-align:left;vertical-align:top}
a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media print{nav{display:none}section.op{break-inside:avoid}}
</style>
</head>
<body>
<header>
<h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>${inline(doc.info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a>. Paths below are under <code>/api</code>.</p>
</header>
<nav aria-label="Operations">
<h2>Contents</h2>
<ul>${[...groups].map(
    ([group, entries]) =>
      html`<li>${group}<ul>${entries.map(
        ({ path, method, op }) =>
          html`<li><a href="#${anchor(method, path)}">${method.toUpperCase()} ${path}</a> — ${op.summary ?? ''}</li>`,
      )}</ul></li>`,
  )}</ul>
</nav>
<main>
<h2 id="authentication">Authentication</h2>
<dl>${Object.entries(doc.components?.securitySchemes ?? {}).map(
    ([name, scheme]) => html`<dt>${name}</dt><dd>${inline(scheme.description)}</dd>`,
  )}</dl>
${[...groups].map(
  ([group, entries]) => html`<h2>${group}</h2>
${entries.map(({ path, method, op }) => {
  const body = op.requestBody?.content?.['application/json']?.schema
  const isPublic = Array.isArray(op.security) && op.security.length === 0
  return html`<section class="op" id="${anchor(method, path)}" aria-labelledby="${anchor(method, path)}-h">
<h3 id="${anchor(method, path)}-h"><span class="method">${method}</span> <code>${path}</code></h3>
<p><strong>${op.summary ?? ''}</strong></p>
<p>${inline(op.description)}</p>
<p>${isPublic ? 'No session needed.' : 'Needs a session: a bearer token or the session cookie.'}</p>
${
  op.parameters?.length
    ? html`<p>Parameters: ${op.parameters.map(
        (p, i) =>
          html`${i > 0 ? ', ' : ''}<code>${p.name}</code> (${p.in}${p.required ? ', required' : ''})`,
      )}</p>`
    : ''
}
${body ? html`<details><summary>Request body (JSON)</summary><pre>${schemaText(body, components)}</pre></details>` : ''}
<table><caption class="visually-hidden">Responses</caption><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead><tbody>${Object.entries(
    op.responses ?? {},
  ).map(
    ([status, response]) =>
      html`<tr><td>${status}</td><td>${inline(response.description)}</td></tr>`,
  )}</tbody></table>
</section>`
})}`,
)}
</main>
</body>
</html>`
  return page
}
