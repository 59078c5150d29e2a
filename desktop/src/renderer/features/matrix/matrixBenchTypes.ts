// The contract between the matrix harness page (matrixBench.ts, in Chromium) and what drives it
// from Node (desktop/bench, the matrix's browser tests). React-free, so both sides compile it.

/** The size and language of a synthetic matrix. */
export interface MatrixFixtureOptions {
  readonly paragraphs?: number
  readonly delegations?: number
  readonly language?: 'en' | 'ja'
}

/** Times of one render, in milliseconds (performance.now()). */
export interface RenderTiming {
  /** From the new mirror to a forced style and layout after React's commit: the work itself. */
  readonly toLayout: number
  /** Of which building the model, and React's render and commit (the rest is style and layout). */
  readonly model: number
  readonly react: number
}

/** A mounted matrix that a test or the bench drives. */
export interface MountedMatrix {
  /** Paragraph ids in the order of the text, and delegation codes. */
  readonly pids: readonly string[]
  readonly codes: readonly string[]
  /** The mount's own render, and when its clock started. */
  readonly first: RenderTiming
  readonly startedAt: number
  /** Renders the matrix for the current mirror and times it. */
  render(): RenderTiming
  /** Changes one position in the mirror (rendered by the next {@link render}); the new value. */
  togglePosition(pid: string, code: string): string
  unmount(): void
}

/** A synthetic negotiation, built and ready to mount (what the mount's timing leaves out). */
export interface PreparedMatrix {
  readonly pids: readonly string[]
  readonly codes: readonly string[]
  /** Mounts the matrix into `container` and renders it once, timed. */
  mount(container: HTMLElement): MountedMatrix
}

/** Options of a bench run in the page. */
export interface MatrixBenchOptions extends MatrixFixtureOptions {
  readonly mounts?: number
  readonly updates?: number
  readonly scrolls?: number
}

/** What one run in the page measured, in milliseconds. */
export interface MatrixBenchRun {
  readonly paragraphs: number
  readonly delegations: number
  readonly cells: number
  /** Cells in the DOM after the first render (the rows in view and a few either side). */
  readonly cellsRendered: number
  readonly rowsRendered: number
  /** Each mount of the run, the first (cold: the page's first) included. */
  readonly mounts: readonly (RenderTiming & { readonly toFrame: number })[]
  /** Each update after one position changed, in a row on screen. */
  readonly updates: readonly RenderTiming[]
  /** The most rows whose DOM one update changed (memoised rows: one). */
  readonly rowsTouched: number
  /** Scrolling by a screen's height until the rows there are rendered and laid out. */
  readonly scrolls: readonly number[]
}

/** What the harness page offers as window.matrixBench. */
export interface MatrixBenchApi {
  prepareMatrix(options?: MatrixFixtureOptions): Promise<PreparedMatrix>
  mountMatrix(container: HTMLElement, options?: MatrixFixtureOptions): Promise<MountedMatrix>
  /** Resolves once the next frame is rendered, with performance.now() then. */
  afterNextFrame(): Promise<number>
  /** Scrolls the matrix's scroller down a screen (to the top from the bottom); ms until rendered. */
  scrollByScreen(container: HTMLElement): Promise<number>
  runMatrixBench(container: HTMLElement, options?: MatrixBenchOptions): Promise<MatrixBenchRun>
}
