// The rc file of a guarded interactive bash. bash is started as `bash --rcfile FILE -i`; FILE runs
// the user's own startup files first (the profile files in bash's order when the session is a login
// shell, ~/.bashrc otherwise), so prompt, history, completion and key bindings stay theirs. Then it
// installs the hook:
//
// - Every key that accepts a line (Enter, Ctrl-J, Ctrl-O...) becomes a macro of private keys: the
//   first expands history (`!!` becomes what it stands for, as histverify would show it), the next
//   runs `__cs_check` through `bind -x`, which sends READLINE_LINE, $PWD and the definitions of the
//   aliases and functions it names to the session over this shell's FIFO pair and waits for the
//   verdict; the last is accept-line (or a harmless function when the verdict is "incomplete: keep
//   editing", so a compound command typed over several lines stays one buffer).
// - A line that needs a person is rewritten into `__cs_g`, an alias for
//   `__cs_gate "$__cs_gid" && builtin eval -- "$__cs_line"` (kept out of history; the original goes
//   in with `history -s`; PS0 draws the line as typed back over it). The gate runs as the command,
//   after PS0 printed OSC 633;E and C, so the panel appears between C and D, and a declined line
//   ends with status 126 (OSC 633;D;126). eval at top level keeps the line's meaning (globals,
//   positional parameters, job control).
// - PS0, PROMPT_COMMAND and PS1 carry the shell integration sequences (OSC 633 and 133).
//
// Nested shells: this shell defines a function `bash` that starts an interactive bash with this
// same rc file (it talks to the same session over its own FIFOs), and exports ZDOTDIR so that any
// zsh started from here reads the session's zsh files. Other interactive shells (sudo -s, su,
// exec bash, /bin/bash...) are confirmed by the session before they start (session/analysis.ts).
//
// Everything here uses builtins; the only processes it starts are mkfifo once, and one subshell per
// keymap at start-up to list key bindings.

export function bashRc(): string {
  return BASH_RC.replaceAll('%{', '${');
}

const BASH_RC = String.raw`# countersign: the rc file of a guarded interactive bash (generated; removed when the session ends).
if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  builtin printf 'countersign: bash %s is too old to guard (4.4 or newer is needed); this shell ends.\n' "$BASH_VERSION" >&2
  builtin exit 125
fi
if [[ -n %{__CS_LOGIN-} ]]; then
  if [[ -z %{__CS_NOPROFILE-} ]]; then
    [[ -r /etc/profile ]] && builtin . /etc/profile
    if [[ -r ~/.bash_profile ]]; then builtin . ~/.bash_profile
    elif [[ -r ~/.bash_login ]]; then builtin . ~/.bash_login
    elif [[ -r ~/.profile ]]; then builtin . ~/.profile
    fi
  fi
elif [[ -z %{__CS_NORC-} ]]; then
  if [[ -n %{__CS_USER_RC-} ]]; then
    [[ -r $__CS_USER_RC ]] && builtin . "$__CS_USER_RC"
  elif [[ -r ~/.bashrc ]]; then
    builtin . ~/.bashrc
  fi
fi
builtin unset __CS_LOGIN __CS_NOPROFILE __CS_NORC __CS_USER_RC

__cs_seq=0 __cs_q= __cs_r= __cs_ran=0 __cs_accept=accept-line __cs_H= __cs_first= __cs_line= __cs_next= __cs_ps1= __cs_hiset= __cs_hi=
__cs_ps0=() __cs_reply=()
__cs_A=$'\e]633;A\a\e]133;A\a' __cs_B=$'\e]633;B\a\e]133;B\a'
__cs_PS0='%{__cs_ps0[__cs_ran++]}' __cs_gid= __cs_rp=
builtin alias __cs_g='__cs_gate "$__cs_gid" && builtin eval -- "$__cs_line"'

# This shell's FIFO pair in the session directory, announced on the session's control FIFO.
__cs_connect() {
  [[ -n %{__CS_DIR-} && -p $__CS_DIR/ctl ]] || return 1
  __cs_q=$__CS_DIR/$$.q __cs_r=$__CS_DIR/$$.r
  if [[ ! -p $__cs_q || ! -p $__cs_r ]]; then
    command rm -f -- "$__cs_q" "$__cs_r" 2>/dev/null
    command mkfifo -m 600 -- "$__cs_q" "$__cs_r" || { __cs_q=; return 1; }
  fi
  builtin printf 'H %s bash\n' "$$" >>"$__CS_DIR/ctl" || { __cs_q=; return 1; }
}

# Send one request (NUL-separated fields) and wait for its reply.
__cs_talk() {
  local __cs_n=$RANDOM$RANDOM$RANDOM$RANDOM
  ((++__cs_seq))
  builtin printf '%s\0' "$1" "$__cs_seq" "$__cs_n" "%{@:2}" >"$__cs_q" || return 1
  __cs_await "$__cs_n"
}

# The environment: bash's own listing, so no process is started.
__cs_sendenv() {
  local __cs_n=$RANDOM$RANDOM$RANDOM$RANDOM
  ((++__cs_seq))
  { builtin printf '%s\0' E "$__cs_seq" "$__cs_n" p; builtin export -p; builtin printf '\0'; } >"$__cs_q" || return 1
  __cs_await "$__cs_n"
}

# Replies have five fields: kind, seq, nonce, a, b. Anything not for this request is skipped.
__cs_await() {
  local __cs_k __cs_s __cs_o __cs_a __cs_b
  {
    while IFS= builtin read -r -d '' __cs_k && IFS= builtin read -r -d '' __cs_s && IFS= builtin read -r -d '' __cs_o &&
      IFS= builtin read -r -d '' __cs_a && IFS= builtin read -r -d '' __cs_b; do
      if [[ $__cs_s == "$__cs_seq" && $__cs_o == "$1" ]]; then
        __cs_reply=("$__cs_k" "$__cs_a" "$__cs_b")
        return 0
      fi
    done
  } <"$__cs_r"
  return 1
}

# The question for a submitted line: Q seq nonce pwd line expanded running defs.
__cs_ask() {
  local __cs_n=$RANDOM$RANDOM$RANDOM$RANDOM
  ((++__cs_seq))
  {
    builtin printf '%s\0' Q "$__cs_seq" "$__cs_n" "$PWD" "$1" "$2" "$__cs_ran"
    ((__cs_ran)) || __cs_defs "%{2:-$1}"
    builtin printf '\0'
  } >"$__cs_q" || return 1
  __cs_await "$__cs_n"
}

# Aliases and functions among the words of $1, as records: a|f NAME \x1f TEXT \x1e (a function as
# declare -f prints it). A line can run what an earlier line defined, so the session checks those
# too (the ones unchanged since the startup files are left out there).
__cs_defs() {
  local IFS=$' \t\n' __cs_w __cs_g= __cs_s=%{1//[^A-Za-z0-9_.:+,-]/ }
  local -a __cs_ws
  local -A __cs_seen
  [[ $- == *f* ]] || { __cs_g=1; builtin set -f; }
  __cs_ws=($__cs_s)
  [[ -n $__cs_g ]] && builtin set +f
  ((%{#__cs_ws[@]} > 1000)) && __cs_ws=("%{__cs_ws[@]:0:1000}")
  for __cs_w in "%{__cs_ws[@]}"; do
    [[ -n %{__cs_seen[$__cs_w]-} ]] && continue
    __cs_seen[$__cs_w]=1
    [[ -n %{BASH_ALIASES[$__cs_w]+x} ]] && builtin printf 'a%s\x1f%s\x1e' "$__cs_w" "%{BASH_ALIASES[$__cs_w]}"
    if builtin declare -F -- "$__cs_w" >/dev/null 2>&1; then
      builtin printf 'f%s\x1f' "$__cs_w"
      builtin declare -f -- "$__cs_w"
      builtin printf '\x1e'
    fi
  done
}

__cs_senddefs() {
  local __cs_n=$RANDOM$RANDOM$RANDOM$RANDOM
  ((++__cs_seq))
  { builtin printf '%s\0' D "$__cs_seq" "$__cs_n"; __cs_defs "$1"; builtin printf '\0'; } >"$__cs_q" || return 1
  __cs_await "$__cs_n"
}

# What the startup files defined: S seq nonce alias-records declare-f-output.
__cs_snapshot() {
  local __cs_n=$RANDOM$RANDOM$RANDOM$RANDOM __cs_k
  ((++__cs_seq))
  {
    builtin printf '%s\0' S "$__cs_seq" "$__cs_n"
    for __cs_k in "%{!BASH_ALIASES[@]}"; do builtin printf 'a%s\x1f%s\x1e' "$__cs_k" "%{BASH_ALIASES[$__cs_k]}"; done
    builtin printf '\0'
    builtin declare -f
    builtin printf '\0'
  } >"$__cs_q" || return 1
  __cs_await "$__cs_n"
}

# What the second key of the Enter macro does next.
__cs_bindnext() {
  [[ $__cs_next == "$1" ]] && return
  __cs_next=$1
  builtin bind -m emacs "\"\C-x\C-]\": $1"
  builtin bind -m vi-insert "\"\C-x\C-]\": $1"
  builtin bind -m vi-command "\"\C-x\C-]\": $1"
}

# The Enter macro expanded history (history-expand-line) before the check, so the line is what will
# run; a ! left in it must not be expanded a second time when it is accepted.
__cs_nohist() {
  if [[ $1 == *'!'* && $- == *H* ]]; then
    builtin set +H
    __cs_H=1
  fi
}

# Keep a line in history the way bash would have.
__cs_keep() {
  [[ -o history ]] || return 0
  case :%{HISTCONTROL-}: in *:ignorespace:* | *:ignoreboth:*) [[ $1 == ' '* ]] && return 0 ;; esac
  builtin history -s -- "$1"
}

__cs_histrestore() {
  [[ -n $__cs_hiset ]] || return 0
  if [[ $__cs_hiset == 1 ]]; then HISTIGNORE=$__cs_hi; else builtin unset HISTIGNORE; fi
  __cs_hiset=
}

# Not run: keep it in history, empty the line, say why.
__cs_refuse() {
  __cs_keep "$1"
  READLINE_LINE= READLINE_POINT=0
  __cs_bindnext "$__cs_accept"
  builtin printf '%s\n' "$2" >&2
}

# bind -x: the submitted line goes to the session before it can run.
__cs_check() {
  __cs_accept=$1
  local __cs_l=$READLINE_LINE
  if [[ -z $__cs_q ]] && ! __cs_connect; then
    __cs_refuse "$__cs_l" 'countersign: this shell is not connected to its countersign session; the line was not run.'
    return
  fi
  [[ $PROMPT_COMMAND == *__cs_precmd* ]] || __cs_hooks
  if ! __cs_ask "$__cs_l" ""; then
    __cs_refuse "$__cs_l" 'countersign: no answer from the session; the line was not run.'
    return
  fi
  while [[ %{__cs_reply[0]} == [VF] ]]; do
    if [[ %{__cs_reply[0]} == V ]]; then __cs_sendenv; else __cs_senddefs "%{__cs_reply[1]}"; fi ||
      { __cs_refuse "$__cs_l" 'countersign: no answer from the session; the line was not run.'; return; }
  done
  case %{__cs_reply[0]} in
  A)
    # Allowed. While a command runs (read -e) the reply is for its input, not a new command.
    if ((__cs_ran == 0)); then
      __cs_ps0=("%{__cs_reply[1]}")
      __cs_nohist "$__cs_l"
    fi
    __cs_bindnext "$__cs_accept"
    ;;
  N)
    # Incomplete (an open quote, loop, heredoc...): keep editing in the same buffer.
    READLINE_LINE+=$'\n'
    READLINE_POINT=%{#READLINE_LINE}
    __cs_bindnext end-of-line
    ;;
  G)
    __cs_keep "$__cs_l"
    __cs_line=$__cs_l
    if [[ -z $__cs_hiset ]]; then
      if [[ -n %{HISTIGNORE+x} ]]; then __cs_hiset=1 __cs_hi=$HISTIGNORE; else __cs_hiset=2; fi
    fi
    HISTIGNORE='__cs_g:__cs_gate *'
    __cs_gid=%{__cs_reply[1]}
    if builtin shopt -q expand_aliases; then
      READLINE_LINE=__cs_g
    else
      READLINE_LINE="__cs_gate $__cs_gid && builtin eval -- \"\$__cs_line\""
    fi
    READLINE_POINT=%{#READLINE_LINE}
    __cs_repaint "$READLINE_LINE" "$__cs_l"
    __cs_ps0=("$__cs_rp%{__cs_reply[2]}")
    __cs_bindnext accept-line
    ;;
  *)
    __cs_refuse "$__cs_l" "%{__cs_reply[1]:-countersign: the line was not run.}"
    ;;
  esac
}

# readline shows the gate command where the line was: once accepted, draw the prompt and the line
# as typed over it (skipped when the prompt is too wide to be sure of the layout).
__cs_repaint() {
  local p=%{PS1@P} v re
  p=%{p##*$'\n'}
  p=%{p//[$'\001\002']/}
  v=$p
  re=$'\e''(\[[0-9;?]*[@-~]|\][^'$'\a'']*'$'\a'')'
  while [[ $v =~ $re ]]; do v=%{v/"%{BASH_REMATCH[0]}"/}; done
  __cs_rp=
  if ((%{#v} + %{#1} < %{COLUMNS:-80})); then __cs_rp=$'\e[1A\r\e[J'"$p$2"$'\n'; fi
}

# The command a gated line became: the session shows the panel and reads the phrase on the outer
# terminal once the marker below has reached it, then answers Y (run) or anything else (don't).
__cs_gate() {
  __cs_histrestore
  builtin printf '\e]6973;%s\a' "$1"
  if ! __cs_talk W "$1" "$__cs_line"; then
    builtin printf 'countersign: no answer from the session; the command did not run.\n' >&2
    return 126
  fi
  [[ %{__cs_reply[0]} == Y ]] && return 0
  return 126
}

# Edit the line in $VISUAL/$EDITOR and put it back for Enter (edit-and-execute-command would run it
# without a check).
__cs_edit() {
  local __cs_f
  __cs_f=$(command mktemp "%{TMPDIR:-/tmp}/bash-edit.XXXXXX") || return
  builtin printf '%s\n' "$READLINE_LINE" >"$__cs_f"
  builtin eval "%{VISUAL:-%{EDITOR:-vi}} \"\$__cs_f\"" </dev/tty >/dev/tty
  READLINE_LINE=$(<"$__cs_f")
  READLINE_POINT=%{#READLINE_LINE}
  command rm -f -- "$__cs_f"
}

# insert-comment, checked: the comment goes in front and the line goes through Enter's check.
__cs_comment() {
  READLINE_LINE="#$READLINE_LINE"
  READLINE_POINT=%{#READLINE_LINE}
}

__cs_noexpand() {
  builtin printf '\ncountersign: shell-expand-line is off in a guarded session (it runs the line'"'"'s command substitutions unchecked).\n' >&2
}

__cs_cwd() {
  local v=$PWD o= c i
  v=%{v//\\/\\\\}
  v=%{v//;/\\x3b}
  v=%{v// /\\x20}
  if [[ $v == *[[:cntrl:]]* ]]; then
    for ((i = 0; i < %{#v}; i++)); do
      c=%{v:i:1}
      case $c in [[:cntrl:]]) builtin printf -v c '\\x%02x' "'$c" ;; esac
      o+=$c
    done
    v=$o
  fi
  builtin printf '\e]633;P;Cwd=%s\a' "$v"
}

__cs_precmd() {
  local __cs_s=$?
  __cs_histrestore
  if [[ -n $__cs_H ]]; then builtin set -H; __cs_H=; fi
  if [[ -n $__cs_first ]]; then
    if ((__cs_ran)); then
      builtin printf '\e]633;D;%s\a\e]133;D;%s\a' "$__cs_s" "$__cs_s"
    else
      builtin printf '\e]633;D\a\e]133;D\a'
    fi
  fi
  __cs_first=1 __cs_ran=0 __cs_ps0=()
  __cs_cwd
  return $__cs_s
}

__cs_prompt() {
  local __cs_s=$?
  if [[ $PS1 != "$__cs_ps1" ]]; then
    __cs_ps1="\[$__cs_A\]$PS1\[$__cs_B\]"
    PS1=$__cs_ps1
  fi
  [[ $PS0 == "$__cs_PS0"* ]] || PS0=$__cs_PS0%{PS0-}
  return $__cs_s
}

__cs_hooks() {
  if [[ %{PROMPT_COMMAND@a} == *a* ]]; then
    PROMPT_COMMAND=(__cs_precmd "%{PROMPT_COMMAND[@]}" __cs_prompt)
  elif [[ -n %{PROMPT_COMMAND-} ]]; then
    PROMPT_COMMAND=$'__cs_precmd\n'"$PROMPT_COMMAND"$'\n__cs_prompt'
  else
    PROMPT_COMMAND=$'__cs_precmd\n__cs_prompt'
  fi
  [[ $PS0 == "$__cs_PS0"* ]] || PS0=$__cs_PS0%{PS0-}
}

# Key sequences bound to a readline function in a keymap, from bind -q.
__cs_keys() {
  local __cs_o __cs_re='"((\\.|[^"\\])+)"'
  __cs_o=$(builtin bind -m "$1" -q "$2" 2>/dev/null) || return 0
  while [[ $__cs_o =~ $__cs_re ]]; do
    # A prefix key bound to a function ("\C-x": accept-line, once \C-x starts other sequences)
    # is listed as PREFIX\000: the function runs for any key after the prefix that is bound to
    # nothing else. Binding the prefix itself replaces it there (red team 26x).
    __cs_k+=("%{BASH_REMATCH[1]%\\000}")
    __cs_o=%{__cs_o#*"%{BASH_REMATCH[0]}"}
  done
}

# A macro (from ~/.inputrc, a file it includes, /etc/inputrc, a startup file's bind) that types
# Ctrl-X could type the private keys below, which typed keys can't (keygate.ts): it would accept a
# line no check saw. Such macros are unbound (readline lists every macro with Ctrl-X as \C-x).
__cs_nomacros() {
  local __cs_o __cs_l __cs_re='^"((\\.|[^"\\])+)": "(.*)"$'
  __cs_o=$(builtin bind -m "$1" -s 2>/dev/null) || return 0
  while IFS= builtin read -r __cs_l; do
    [[ $__cs_l =~ $__cs_re && %{BASH_REMATCH[3]} == *'\C-x'* ]] || continue
    # The hook's own (Enter, operate-and-get-next, insert-comment) go through the check.
    case %{BASH_REMATCH[3]} in '\C-x\C-t\C-x\C-^\C-x\C-]' | '\C-x\C-t\C-x\C-_\C-x\C-]' | '\C-x\C-a\C-x\C-t\C-x\C-^\C-x\C-]') continue ;; esac
    builtin bind -m "$1" -r "%{BASH_REMATCH[1]}" 2>/dev/null
    builtin printf 'countersign: a key macro typing Ctrl-X (%s) is off in a guarded session.\n' "%{BASH_REMATCH[1]}" >&2
  done <<<"$__cs_o"
}

# re-read-init-file, then the hook again: bindings the file makes on Enter or the private keys
# would otherwise replace the hook's until the session ends.
__cs_reread() {
  local __cs_f=%{INPUTRC:-~/.inputrc}
  [[ -r $__cs_f ]] || __cs_f=/etc/inputrc
  [[ -r $__cs_f ]] && builtin bind -f "$__cs_f"
  __cs_bind
}

# The hook's private key sequences. (Ctrl-X alone, their prefix, is bound like any other key:
# bound to the Enter macro, it stays what runs when a key after it is none of these.)
__cs_private() {
  case $1 in '\C-x\C-^' | '\C-x\C-_' | '\C-x\C-]' | '\C-x\C-t' | '\C-x\C-a') return 0 ;; esac
  return 1
}

__cs_bind() {
  local __cs_m __cs_s
  local -a __cs_k
  local -a __cs_acc __cs_op __cs_ed __cs_xp __cs_cm __cs_rr
  for __cs_m in emacs vi-insert vi-command; do
    __cs_nomacros "$__cs_m"
    # Every key bound to a function that accepts or runs the line (asked before binding ours).
    __cs_k=('\C-m' '\C-j')
    __cs_keys "$__cs_m" accept-line
    __cs_acc=("%{__cs_k[@]}")
    __cs_k=()
    __cs_keys "$__cs_m" operate-and-get-next
    __cs_op=("%{__cs_k[@]}")
    __cs_k=()
    __cs_keys "$__cs_m" edit-and-execute-command
    __cs_keys "$__cs_m" vi-edit-and-execute-command
    __cs_ed=("%{__cs_k[@]}")
    __cs_k=()
    __cs_keys "$__cs_m" shell-expand-line
    __cs_xp=("%{__cs_k[@]}")
    __cs_k=()
    __cs_keys "$__cs_m" insert-comment
    __cs_cm=("%{__cs_k[@]}")
    __cs_k=()
    __cs_keys "$__cs_m" re-read-init-file
    __cs_rr=("%{__cs_k[@]}")
    # A private key a binding of the person's (or a re-read file's) put among those is skipped:
    # the hook's own bindings of them come last.
    for __cs_s in "%{__cs_acc[@]}"; do
      __cs_private "$__cs_s" || builtin bind -m "$__cs_m" "\"$__cs_s\": \"\C-x\C-t\C-x\C-^\C-x\C-]\""
    done
    for __cs_s in "%{__cs_op[@]}"; do __cs_private "$__cs_s" || builtin bind -m "$__cs_m" "\"$__cs_s\": \"\C-x\C-t\C-x\C-_\C-x\C-]\""; done
    for __cs_s in "%{__cs_ed[@]}"; do __cs_private "$__cs_s" || builtin bind -m "$__cs_m" -x "\"$__cs_s\": __cs_edit"; done
    # shell-expand-line runs the line's command substitutions; insert-comment accepts the line (and
    # with a count, takes the comment off first): both ran a line no check saw.
    for __cs_s in "%{__cs_xp[@]}"; do __cs_private "$__cs_s" || builtin bind -m "$__cs_m" -x "\"$__cs_s\": __cs_noexpand"; done
    for __cs_s in "%{__cs_cm[@]}"; do __cs_private "$__cs_s" || builtin bind -m "$__cs_m" "\"$__cs_s\": \"\C-x\C-a\C-x\C-t\C-x\C-^\C-x\C-]\""; done
    for __cs_s in "%{__cs_rr[@]}"; do __cs_private "$__cs_s" || builtin bind -m "$__cs_m" -x "\"$__cs_s\": __cs_reread"; done
    builtin bind -m "$__cs_m" -x '"\C-x\C-^": __cs_check accept-line'
    builtin bind -m "$__cs_m" -x '"\C-x\C-_": __cs_check operate-and-get-next'
    builtin bind -m "$__cs_m" '"\C-x\C-]": accept-line'
    builtin bind -m "$__cs_m" '"\C-x\C-t": history-expand-line'
    builtin bind -m "$__cs_m" -x '"\C-x\C-a": __cs_comment'
  done
  __cs_next=accept-line
}

# A nested interactive bash gets this rc file too; anything else is the real bash, unchanged.
bash() {
  local __cs_a __cs_w= __cs_login= __cs_norc= __cs_noprof= __cs_rc=
  local -a __cs_long=() __cs_short=() __cs_all=("$@")
  [[ -t 0 && -r %{__CS_DIR-}/bashrc ]] && __cs_w=1
  while (($#)); do
    __cs_a=$1
    case $__cs_a in
    --) shift; break ;;
    --login) __cs_login=1 ;;
    --norc) __cs_norc=1 ;;
    --noprofile) __cs_noprof=1 ;;
    --rcfile | --init-file) __cs_rc=%{2-}; shift ;;
    --posix) __cs_w= ;;
    --*) __cs_long+=("$__cs_a") ;;
    [-+]o | [-+]O) [[ %{2-} == posix ]] && __cs_w=; __cs_short+=("$__cs_a" "%{2-}"); shift ;;
    -*)
      [[ $__cs_a == *c* ]] && __cs_w=
      [[ $__cs_a == *l* ]] && __cs_login=1
      __cs_a=%{__cs_a//[li]/}
      [[ $__cs_a != - ]] && __cs_short+=("$__cs_a")
      ;;
    +*) __cs_short+=("$__cs_a") ;;
    *) break ;;
    esac
    shift
  done
  (($#)) && __cs_w=
  if [[ -z $__cs_w ]]; then
    command bash "%{__cs_all[@]}"
    return
  fi
  __CS_LOGIN=$__cs_login __CS_NORC=$__cs_norc __CS_NOPROFILE=$__cs_noprof __CS_USER_RC=$__cs_rc \
    command bash "%{__cs_long[@]}" --rcfile "$__CS_DIR/bashrc" -i "%{__cs_short[@]}"
}

__cs_bind
__cs_hooks
if __cs_connect; then
  __cs_snapshot
else
  builtin printf 'countersign: could not reach the countersign session; lines typed here will not run.\n' >&2
fi
`;
