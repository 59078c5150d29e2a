import '../../styles.css'
import './matrix.css'
import {
  afterNextFrame,
  mountMatrix,
  prepareMatrix,
  runMatrixBench,
  scrollByScreen,
} from './matrixBench'
import type { MatrixBenchApi } from './matrixBenchTypes'

// The entry that `pnpm bench` and the matrix's browser tests bundle and load into Chromium
// (never part of the app).
;(window as unknown as { matrixBench: MatrixBenchApi }).matrixBench = {
  runMatrixBench,
  prepareMatrix,
  mountMatrix,
  afterNextFrame,
  scrollByScreen,
} satisfies MatrixBenchApi
