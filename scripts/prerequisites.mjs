// What the README's commands need from the machine, as pure decisions with the fix for each
// problem, so that scripts/setup.mjs words them the same way every time and tests can pin them.

export const MIN_NODE = [20, 11]

/** A sentence and its fix when `version` (e.g. "18.19.0") is older than Accord supports, else null. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.split('.').map(Number)
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return null
  return [
    `Node.js ${version} is too old; Accord needs ${MIN_NODE.join('.')} or newer.`,
    'Fix: install a current Node.js (20 LTS or newer), then run the command again.',
  ]
}

/**
 * Why an install failed, from what was found on the machine: whether the registry answered, which
 * build tools are missing, whether Node's headers are beside node, whether this is Debian.
 * Answers the lines to print, each cause followed by its fix; empty when nothing is missing.
 */
export function installProblems({ registry, registryError, missingTools, nodedir, debian }) {
  const lines = []
  if (registryError) {
    lines.push(
      `the package registry ${registry} cannot be reached (${registryError}).`,
      '  Fix: connect to the network (or set a reachable registry with `npm config set registry <url>`), then run the command again.',
    )
  }
  if (missingTools.length > 0) {
    lines.push(
      `no C++ toolchain (missing: ${missingTools.join(', ')}), which compiling better-sqlite3 needs where no prebuilt binary can be downloaded.`,
      debian
        ? '  Fix: apt-get install -y python3 make g++'
        : '  Fix: install Python 3, make and a C++ compiler (macOS: xcode-select --install).',
    )
  }
  if (!nodedir) {
    lines.push(
      "Node.js's headers are not installed beside node, so node-gyp must download them, which fails without network access to nodejs.org.",
      '  Fix: install a Node.js package that ships its headers (include/node/node.h beside bin/node, as the nodejs .deb and the official tarballs do), or set npm_config_nodedir to the directory holding include/node.',
    )
  }
  return lines
}
