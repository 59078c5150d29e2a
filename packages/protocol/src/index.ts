export {
  CloseCode,
  type CloseCodeName,
  type CloseCodeValue,
  closeCodeName,
  isFinalCloseCode,
} from './closeCodes.js'
export {
  DOCUMENT_NAME_MAX_LENGTH,
  documentNameFromPath,
  documentNameProblem,
  isDocumentName,
  SYNC_PATH_PREFIX,
} from './documentName.js'
export { MessageType, SyncMessageType } from './messageTypes.js'
export { PROTOCOL_VERSION } from './version.js'
