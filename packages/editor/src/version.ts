/**
 * The version of the declaration schema (nodes, marks and their attributes). Bump it whenever a
 * change would let an older client write content a newer one misreads, or drop attributes it does
 * not know (ProseMirror drops unknown attributes, and y-prosemirror then writes the loss back).
 */
export const EDITOR_SCHEMA_VERSION = 1

/** The oldest client schema version the current one still accepts. */
export const MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION = 1

/**
 * Whether a client announcing `clientVersion` may edit declarations. Accepts the number or its
 * decimal string (as it arrives in a query parameter); anything else is incompatible.
 */
export function isCompatibleEditorVersion(clientVersion: unknown): boolean {
  const version =
    typeof clientVersion === 'string' && /^[0-9]{1,9}$/.test(clientVersion)
      ? Number(clientVersion)
      : clientVersion
  return (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION &&
    version <= EDITOR_SCHEMA_VERSION
  )
}
