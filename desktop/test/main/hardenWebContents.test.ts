import { EventEmitter } from 'node:events'
import type { WebContents } from 'electron'
import { describe, expect, it } from 'vitest'
import { hardenWebContents } from '../../src/main/hardenWebContents.js'

/**
 * Stands in for a WebContents: an emitter (as the real one is) that records the window-open
 * handler. The events carry what Electron's do: a url and preventDefault.
 */
class RecordedContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }

  /** Emits `name` as Electron would and answers whether a listener prevented it. */
  attempt(name: string, url: string): boolean {
    let prevented = false
    this.emit(name, { url, preventDefault: () => (prevented = true) })
    return prevented
  }
}

function hardened(): { contents: RecordedContents; openedExternally: string[] } {
  const contents = new RecordedContents()
  const openedExternally: string[] = []
  hardenWebContents(contents as unknown as WebContents, async (url) => {
    openedExternally.push(url)
  })
  return { contents, openedExternally }
}

describe('hardenWebContents', () => {
  it.each([
    ['will-navigate', 'https://accord.example.org/'],
    ['will-navigate', 'accord://app/other.html'],
    ['will-navigate', 'file:///etc/passwd'],
    ['will-frame-navigate', 'https://evil.example.com/'],
    ['will-frame-navigate', 'accord://app/index.html'],
    ['will-redirect', 'https://evil.example.com/'],
    ['will-attach-webview', 'https://evil.example.com/'],
  ])('prevents %s to %s', (event, url) => {
    expect(hardened().contents.attempt(event, url)).toBe(true)
  })

  it('hands a link the page tries to follow to the external-link check, and nothing else', () => {
    const { contents, openedExternally } = hardened()
    contents.attempt('will-navigate', 'https://accord.example.org/published/1')
    contents.attempt('will-frame-navigate', 'https://accord.example.org/in-a-frame')
    expect(openedExternally).toEqual(['https://accord.example.org/published/1'])
  })

  it.each([
    'https://accord.example.org/',
    'accord://app/index.html',
    'javascript:alert(1)',
    'about:blank',
  ])('denies window.open(%s), passing it to the external-link check', (url) => {
    const { contents, openedExternally } = hardened()
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    expect(openedExternally).toEqual([url])
  })
})
