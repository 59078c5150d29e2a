import {
  createOperator,
  createOperatorOptions,
  listSessions,
  listSessionsOptions,
  resetPassword,
  resetPasswordOptions,
} from './accountCommands.js'
import type { OptionSpecs } from './args.js'
import { backup, backupOptions } from './backup.js'
import {
  addDelegation,
  addDelegationOptions,
  createConference,
  createConferenceOptions,
  createDeclaration,
  createDeclarationOptions,
  editDelegation,
  editDelegationOptions,
  listConferences,
  listConferencesOptions,
  listDeclarations,
  listDeclarationsOptions,
  listDelegations,
  listDelegationsOptions,
} from './conferenceCommands.js'
import {
  invite,
  inviteOptions,
  listInvitations,
  listInvitationsOptions,
  listMembers,
  listMembersOptions,
  removeMember,
  removeMemberOptions,
  revokeInvitation,
  revokeInvitationOptions,
} from './memberCommands.js'
import type { Command } from './support.js'

export { createOperator, listSessions, resetPassword } from './accountCommands.js'
export { backup } from './backup.js'
export {
  addDelegation,
  createConference,
  createDeclaration,
  editDelegation,
  listConferences,
  listDeclarations,
  listDelegations,
} from './conferenceCommands.js'
export {
  invite,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
} from './memberCommands.js'
export {
  type CliContext,
  type CliIo,
  type CliServices,
  type Command,
  cliServices,
  EXIT,
  openCliServices,
} from './support.js'

/** Every command, by name, in the order the usage text lists them. */
export const COMMANDS = {
  'create-operator': {
    summary: 'Create an operator account; prints a generated password once.',
    options: createOperatorOptions,
    run: createOperator,
  },
  'reset-password': {
    summary: 'Set a new password (printed once) and end every session of the account.',
    options: resetPasswordOptions,
    run: resetPassword,
    needsData: true,
  },
  'list-sessions': {
    summary: 'List sessions, newest first (ids and times; never a secret).',
    options: listSessionsOptions,
    run: listSessions,
    needsData: true,
  },
  'create-conference': {
    summary:
      'Create a conference with an account as its secretariat (created if missing, with a\n    generated password printed once). Prints the conference id.',
    options: createConferenceOptions,
    run: createConference,
  },
  'list-conferences': {
    summary: 'List every conference with its id.',
    options: listConferencesOptions,
    run: listConferences,
    needsData: true,
  },
  'add-delegation': {
    summary: 'Add a delegation (a state, organization or stakeholder group) to a conference.',
    options: addDelegationOptions,
    run: addDelegation,
    needsData: true,
  },
  'list-delegations': {
    summary: 'List the delegations of a conference.',
    options: listDelegationsOptions,
    run: listDelegations,
    needsData: true,
  },
  'edit-delegation': {
    summary: 'Change a delegation’s name, kind or whether it decides (its code stays).',
    options: editDelegationOptions,
    run: editDelegation,
    needsData: true,
  },
  'list-members': {
    summary: 'List the current members of a conference.',
    options: listMembersOptions,
    run: listMembers,
    needsData: true,
  },
  'remove-member': {
    summary: 'Remove a member from a conference.',
    options: removeMemberOptions,
    run: removeMember,
    needsData: true,
  },
  invite: {
    summary: 'Invite someone into a conference; prints a single-use link once.',
    options: inviteOptions,
    run: invite,
    needsData: true,
  },
  'list-invitations': {
    summary: 'List the open invitations of a conference (--all: every one); never a link.',
    options: listInvitationsOptions,
    run: listInvitations,
    needsData: true,
  },
  'revoke-invitation': {
    summary: 'Withdraw an unused invitation; its link stops working at once.',
    options: revokeInvitationOptions,
    run: revokeInvitation,
    needsData: true,
  },
  'create-declaration': {
    summary: 'Create a declaration in a conference, in the drafting stage.',
    options: createDeclarationOptions,
    run: createDeclaration,
    needsData: true,
  },
  'list-declarations': {
    summary: 'List the declarations of a conference with their stage.',
    options: listDeclarationsOptions,
    run: listDeclarations,
    needsData: true,
  },
  backup: {
    summary:
      'Back up both databases while the server runs (SQLite online backup), into a new folder\n    of files readable only by you.',
    options: backupOptions,
    run: backup,
    needsData: true,
  },
} satisfies Record<string, Command<OptionSpecs>>

export type CommandName = keyof typeof COMMANDS
