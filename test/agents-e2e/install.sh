#!/usr/bin/env bash
# Installs the pinned agent CLIs (versions.json) into a cache folder, never into countersign's own
# dependencies, plus what the end-to-end suite needs on the machine (tmux, a throwaway user).
# Idempotent: a complete cache is left alone. Prints the cache folder on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
versions="$here/versions.json"
hash=$(sha256sum "$versions" | cut -c1-16)
cache=${COUNTERSIGN_AGENTS_CACHE:-$HOME/.cache/countersign-agents/$hash}

# Machine set-up: tmux (a person's terminal in person.ts) and the unprivileged user the agents run
# as (Claude refuses --dangerously-skip-permissions as root). Only as root; otherwise say what's missing.
user=${COUNTERSIGN_E2E_USER:-csagent}
if [ "$(id -u)" = 0 ]; then
  if ! command -v tmux >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux
  fi
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
else
  command -v tmux >/dev/null 2>&1 || echo "install.sh: tmux is missing" >&2
  id "$user" >/dev/null 2>&1 || echo "install.sh: user $user is missing (run as root once)" >&2
fi

pkgs=$(node -e '
  const v = require(process.argv[1]);
  const out = [];
  for (const a of Object.values(v)) { out.push(`${a.package}@${a.version}`); if (a.native) out.push(`${a.native}@${a.version}`); }
  console.log(out.join(" "));' "$versions")

stamp="$cache/.installed"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgs" ]; then
  echo "install.sh: agent CLIs already in $cache"
else
  mkdir -p "$cache"
  [ -f "$cache/package.json" ] || echo '{"name":"countersign-agents-cache","private":true}' >"$cache/package.json"
  echo "install.sh: installing $pkgs into $cache"
  # shellcheck disable=SC2086
  npm install --prefix "$cache" --no-audit --no-fund --no-save --loglevel=error $pkgs
  printf '%s' "$pkgs" >"$stamp"
fi
# The agents run as $user: they must be able to read and run the cache.
chmod -R a+rX "$cache" 2>/dev/null || true
d=$cache; while [ "$d" != / ]; do chmod a+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
echo "$cache"
