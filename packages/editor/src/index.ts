export {
  type BlockContent,
  blockContent,
  buildBlockChildren,
  type ContentNode,
  parseBlockContent,
  sameBlockContent,
} from './blockContent.js'
export { DeclarationBlock, PARAGRAPH_NODE, type ParagraphAttributes } from './declarationBlock.js'
export {
  DECLARATION_FIELD,
  type DeclarationExtensionsOptions,
  declarationExtensions,
} from './extensions.js'
export { type ParagraphIdentityValue, sealIdentity, unsealIdentity } from './identitySeal.js'
export {
  formatLabel,
  isLabelOfKind,
  LABEL_PREFIXES,
  LABEL_SUFFIXES,
  type LabelPrefix,
  labelPrefix,
  nextLabel,
  type ParsedLabel,
  parseLabel,
} from './labels.js'
export {
  DECLARATION_MARKS,
  foreignMarkKeys,
  isCanonicalMarkKey,
  markNameOfKey,
  proposalOf,
} from './markKeys.js'
export {
  generateParagraphId,
  PARAGRAPH_ID_LENGTH,
  type ParagraphIdGenerator,
} from './paragraphId.js'
export {
  ParagraphIdentity,
  type ParagraphIdentityOptions,
  PRESERVE_PARAGRAPH_IDS,
  paragraphIdentityKey,
  paragraphIdentityPlugin,
} from './paragraphIdentity.js'
export {
  DEFAULT_PARAGRAPH_KIND,
  isParagraphKind,
  PARAGRAPH_KINDS,
  type ParagraphKind,
} from './paragraphKinds.js'
export {
  changesLockedParagraph,
  lockedParagraphs,
  PARAGRAPH_LOCKED_CLASS,
  ParagraphLocks,
  paragraphLocksKey,
} from './paragraphLocks.js'
export {
  type IdentityFix,
  type IdentityOrigin,
  type IdentityPlanOptions,
  needsParagraphIdentityRepair,
  planParagraphIdentity,
} from './planParagraphIdentity.js'
export {
  isProposalAction,
  PROPOSAL_ACTIONS,
  PROPOSAL_MARK,
  Proposal,
  type ProposalAction,
  type ProposalAttributes,
} from './proposalMark.js'
export {
  type ProposalIdGenerator,
  ProposalMode,
  type ProposalModeOptions,
  type ProposalModeStorage,
  proposalModeKey,
  proposalModePlugin,
  SKIP_PROPOSAL_MODE,
} from './proposalMode.js'
export {
  type BlockReading,
  type DeclarationBlockRef,
  type DeclarationParagraph,
  type DeclarationProposal,
  declarationBlocks,
  findParagraph,
  identityOf,
  MAX_BLOCK_DEPTH,
  paragraphText,
  readBlock,
  readDeclaration,
  type TextRun,
} from './readDeclaration.js'
export { declarationSchema } from './schema.js'
export {
  EDITOR_SCHEMA_VERSION,
  isCompatibleEditorVersion,
  MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION,
} from './version.js'
