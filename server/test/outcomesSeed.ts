// What tests of other packages need to put a published text on a server (#10).
import pino from 'pino'
import { seedDemoIfEmpty } from '../src/demo/seedDemo.js'
import { seedPublishedDeclaration } from '../src/demo/seedPublishedDeclaration.js'
import type { PublicationSummary } from '../src/publication/Publications.js'
import type { Services } from '../src/services.js'

export { EARLIER_MEETING } from '../src/demo/seedPublishedDeclaration.js'

/** Seeds the demo (on an empty database) and its earlier meeting's published declaration. */
export async function seedPublishedDemo(
  services: Services,
  dataDir: string,
): Promise<PublicationSummary> {
  await seedDemoIfEmpty(services, dataDir, pino({ level: 'silent' }))
  return seedPublishedDeclaration(services)
}
