import type { AccordBridge } from '../../shared/bridge'
import { webBridge } from './webBridge'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser. */
    accord?: AccordBridge
  }
}

/** The platform seam: Electron's preload bridge when present, the web implementation otherwise. */
export const bridge: AccordBridge = window.accord ?? webBridge
