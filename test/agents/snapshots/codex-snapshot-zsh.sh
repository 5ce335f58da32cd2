if [[ -n "${ZDOTDIR-}" ]]; then
  rc="$ZDOTDIR/.zshrc"
elif [[ -n "${HOME-}" ]]; then
  rc="$HOME/.zshrc"
else
  rc=
fi
[[ -r "$rc" ]] && . "$rc"
print '# Snapshot file'
print '# Unset all aliases to avoid conflicts with functions'
print 'unalias -a 2>/dev/null || true'
print '# Functions'
functions
print ''
printf '{\n'
__codex_snapshot_command() {
  if command -v "$1" >/dev/null 2>&1; then
    "$@"
  else
    command -p "$@"
  fi
}
setopt_count=$(setopt | __codex_snapshot_command wc -l | __codex_snapshot_command tr -d ' ')
print "# setopts $setopt_count"
setopt | __codex_snapshot_command sed 's/^/setopt /'
print ''
printf '\0'
alias_count=$(\alias -L | __codex_snapshot_command wc -l | __codex_snapshot_command tr -d ' ')
print "# aliases $alias_count"
(\setopt NO_RC_QUOTES; \alias -L)
print ''
printf "case '' in '') ;; esac\n}\n"
printf '\0'
(
  unsetopt rcquotes
  # Some Zsh builds do not include the zsh/parameter module.
  for __codex_snapshot_export_name in ${(f)"$(typeset +x)"}; do
    case "$__codex_snapshot_export_name" in
      ""|[0-9]*|*[!A-Za-z0-9_]*|PWD|OLDPWD) continue ;;
    esac
    case "${(tP)__codex_snapshot_export_name}" in
      *readonly*) continue ;;
      *export*) ;;
      *) continue ;;
    esac
    printf '%s\0' "$__codex_snapshot_export_name"
    typeset -xp "$__codex_snapshot_export_name"
    printf '\0'
  done
)
printf '\0'
if command -v env >/dev/null 2>&1; then
  "env" -0
else
  # Resolve the fallback separately: Bash's command -p changes the utility's PATH.
  "$(PATH="$(command -p getconf PATH)" command -v env)" -0
fi
