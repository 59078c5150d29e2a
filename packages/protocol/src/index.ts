export {
  type HistoryEntry,
  type HistoryLink,
  type HistoryPayload,
  linkHash,
  linkOf,
  payloadDigest,
  VERIFY_ERROR_CODES,
  type VerifyErrorCode,
  type VerifyFailure,
  verifyHistory,
} from './agreedHistory.js'
export {
  API_ERROR_CODES,
  API_ERROR_STATUS,
  type ApiErrorCode,
  isApiErrorCode,
} from './apiErrors.js'
export { DESKTOP_APP_ORIGIN } from './appOrigin.js'
export { canonicalJson, hexOf, sha256Hex } from './canonicalJson.js'
export {
  CLOSE_REASONS,
  CloseCode,
  type CloseCodeName,
  type CloseCodeValue,
  closeCodeName,
  isFinalCloseCode,
} from './closeCodes.js'
export {
  type ConsensusState,
  consensusOf,
  PARAGRAPH_STATUSES,
  type ParagraphStatus,
  POSITION_VALUES,
  type PositionValue,
  type PositionView,
} from './consensus.js'
export {
  DOCUMENT_NAME_MAX_LENGTH,
  documentNameFromPath,
  documentNameProblem,
  isDocumentName,
  SYNC_PATH_PREFIX,
} from './documentName.js'
export {
  DOCUMENT_KINDS,
  type DocumentKind,
  type DocumentRef,
  documentName,
  parseDocumentName,
} from './documentRef.js'
export { MessageType, SyncMessageType } from './messageTypes.js'
export {
  type Access,
  type AccessDecision,
  type AccessRequest,
  type Action,
  accessDecision,
  COMMANDS,
  type Command,
  decideAccess,
  type Membership,
  type Resource,
  ROLES,
  type Role,
  STAGE_TRANSITIONS,
  STAGES,
  type Stage,
} from './policy.js'
export {
  type AdoptionRecord,
  base64url,
  fromBase64url,
  keyFingerprint,
  manifestHash,
  PUBLICATION_FILES,
  type PublicationBundle,
  type PublicationFile,
  type PublicationKind,
  type PublicationManifest,
  type VerifiedBundle,
  verifyBundle,
} from './publicationBundle.js'
export {
  describeHiddenCharacter,
  findHiddenCharacter,
  type HiddenCharacter,
  normalizeReadableText,
  type ReadableTextRules,
} from './readableText.js'
