import { STAGES } from '@accord/protocol'
import { z } from '@hono/zod-openapi'

export const PublicationSummarySchema = z
  .object({
    id: z.string(),
    declarationId: z.string(),
    kind: z.enum(['declaration', 'chair_summary']),
    title: z.string(),
    publishedAt: z.number(),
    manifestHash: z.string(),
    /** The portal page of the text. */
    url: z.string(),
  })
  .openapi('PublicationSummary')

export const ConferencePublicationsSchema = z
  .object({
    /** Every declaration of the conference: its title and stage only, never its text. */
    declarations: z.array(z.object({ id: z.string(), title: z.string(), stage: z.enum(STAGES) })),
    /** Published texts, newest first; `url` is the portal page. */
    publications: z.array(PublicationSummarySchema),
  })
  .openapi('ConferencePublications')
