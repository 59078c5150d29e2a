import '../../styles.css'
import './matrix.css'
import { runMatrixBench } from './matrixBench'

// The entry the performance test bundles and loads into Chromium (never part of the app).
;(window as unknown as { runMatrixBench: typeof runMatrixBench }).runMatrixBench = runMatrixBench
