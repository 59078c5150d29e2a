export {
  API_ERROR_CODES,
  API_ERROR_STATUS,
  type ApiErrorCode,
  isApiErrorCode,
} from './apiErrors.js'
export { DESKTOP_APP_ORIGIN } from './appOrigin.js'
export {
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
  type AccessRequest,
  type Action,
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
