// The startup files of a guarded interactive zsh. ZDOTDIR points at a directory of the session
// whose .zshenv, .zprofile, .zshrc and .zlogin each run the user's own file (from their ZDOTDIR, or
// $HOME) with ZDOTDIR set back to theirs, so plugins, prompt, history, completion and key bindings
// stay theirs. After the user's .zshrc the hook is installed:
//
// - accept-line (and the other accepting widgets) become a widget that sends $PREBUFFER$BUFFER and
//   $PWD to the session over this shell's FIFO pair and waits for the verdict, then calls the
//   widget that was there before (a plugin's wrapper, or the builtin).
// - A line that needs a person is accepted as typed (so history keeps it as typed) and held in
//   preexec, which runs after zsh has read the whole line and before any of it runs: preexec
//   prints OSC 633;E and C, then the session shows the panel, so it appears between C and D. A
//   declined line is interrupted (SIGINT to the shell itself) and ends with OSC 633;D;126.
// - preexec, precmd and PS1 carry the shell integration sequences (OSC 633 and 133).
//
// Nested shells: ZDOTDIR stays exported pointing at these files, so any zsh started from here is
// guarded the same way; a function `bash` starts a nested interactive bash with the session's rc
// file. Other interactive shells are confirmed by the session (session/analysis.ts).

export interface ZshFiles {
  '.zshenv': string;
  '.zprofile': string;
  '.zshrc': string;
  '.zlogin': string;
}

export function zshFiles(): ZshFiles {
  const fix = (s: string): string => s.replaceAll('%{', '${');
  return { '.zshenv': fix(ZSHENV), '.zprofile': fix(ZPROFILE), '.zshrc': fix(ZSHRC), '.zlogin': fix(ZLOGIN) };
}

// The user's ZDOTDIR travels in __CS_USER_ZDOTDIR (empty: it was unset, so $HOME).
const USERDOT = String.raw`if [[ -n %{__CS_USER_ZDOTDIR-} && $__CS_USER_ZDOTDIR != "$__cs_zdot" ]]; then ZDOTDIR=$__CS_USER_ZDOTDIR; else builtin unset ZDOTDIR; fi`;

const ZSHENV = String.raw`# countersign: guarded zsh session (generated; removed when the session ends).
typeset -g __cs_zdot=$ZDOTDIR
${USERDOT}
[[ -r %{ZDOTDIR:-$HOME}/.zshenv ]] && builtin source "%{ZDOTDIR:-$HOME}/.zshenv"
# The user's .zshenv may choose another ZDOTDIR: their other files are there.
[[ %{ZDOTDIR-} != "$__cs_zdot" ]] && builtin export __CS_USER_ZDOTDIR=%{ZDOTDIR-}
# Interactive shells read the session's .zprofile/.zshrc/.zlogin next; others go on as usual.
if [[ -o interactive && -r $__cs_zdot/.zshrc ]]; then builtin export ZDOTDIR=$__cs_zdot; fi
`;

const ZPROFILE = String.raw`${USERDOT}
[[ -r %{ZDOTDIR:-$HOME}/.zprofile ]] && builtin source "%{ZDOTDIR:-$HOME}/.zprofile"
builtin export ZDOTDIR=$__cs_zdot
`;

const ZLOGIN = String.raw`${USERDOT}
[[ -r %{ZDOTDIR:-$HOME}/.zlogin ]] && builtin source "%{ZDOTDIR:-$HOME}/.zlogin"
builtin export ZDOTDIR=$__cs_zdot
`;

const ZSHRC = String.raw`${USERDOT}
[[ -r %{ZDOTDIR:-$HOME}/.zshrc ]] && builtin source "%{ZDOTDIR:-$HOME}/.zshrc"
builtin export ZDOTDIR=$__cs_zdot

typeset -g __cs_seq=0 __cs_q= __cs_r= __cs_ps0= __cs_ran=0 __cs_first= __cs_line= __cs_bang= __cs_ps1= __cs_busy= __cs_gid=
typeset -g __cs_declined= __cs_trapint= __cs_trapint_set=0 __cs_traps=
typeset -ga __cs_reply
typeset -g __cs_A=$'\e]633;A\a\e]133;A\a' __cs_B=$'\e]633;B\a\e]133;B\a'

# This shell's FIFO pair in the session directory, announced on the session's control FIFO.
__cs_connect() {
  [[ -n %{__CS_DIR-} && -p $__CS_DIR/ctl ]] || return 1
  __cs_q=$__CS_DIR/$$.q __cs_r=$__CS_DIR/$$.r
  if [[ ! -p $__cs_q || ! -p $__cs_r ]]; then
    command rm -f -- $__cs_q $__cs_r 2>/dev/null
    command mkfifo -m 600 -- $__cs_q $__cs_r || { __cs_q=; return 1 }
  fi
  builtin print -rn -- "H $$ zsh"$'\n' >>$__CS_DIR/ctl || { __cs_q=; return 1 }
}

# Send one request (NUL-separated fields) and wait for its reply.
__cs_talk() {
  emulate -L zsh
  local n=$RANDOM$RANDOM$RANDOM$RANDOM
  local -a f
  (( ++__cs_seq ))
  f=("$1" $__cs_seq $n "%{@[2,-1]}")
  builtin print -rn -- "%{(pj:\0:)f}"$'\0' >$__cs_q || return 1
  __cs_await $n
}

# The question for a submitted line: Q seq nonce pwd line expanded running defs.
__cs_ask() {
  emulate -L zsh
  local n=$RANDOM$RANDOM$RANDOM$RANDOM
  (( ++__cs_seq ))
  {
    builtin print -rn -- Q$'\0'$__cs_seq$'\0'$n$'\0'"$PWD"$'\0'"$1"$'\0'$'\0'$__cs_ran$'\0'
    (( __cs_ran )) || __cs_defs "$1"
    builtin print -rn -- $'\0'
  } >$__cs_q || return 1
  __cs_await $n
}

# Aliases and functions among the words of $1, as records: a|f NAME \x1f TEXT \x1e. A line can
# run what an earlier line defined, so the session checks those too (the ones unchanged since the
# startup files are left out there).
__cs_defrec() {
  (( %{+aliases[$1]} )) && builtin print -rn -- "a$1"$'\x1f'"%{aliases[$1]}"$'\x1e'
  (( %{+galiases[$1]} )) && builtin print -rn -- "a$1"$'\x1f'"%{galiases[$1]}"$'\x1e'
  (( %{+functions[$1]} )) && builtin print -rn -- "f$1"$'\x1f'"$1 () {"$'\n'"%{functions[$1]}"$'\n}\x1e'
  return 0
}

__cs_defs() {
  emulate -L zsh
  local w s=%{1//[^A-Za-z0-9_.:+,-]/ }
  local -A seen
  local -a ws
  ws=(%{=s})
  (( $#ws > 1000 )) && ws=(%{ws[1,1000]})
  for w in $ws; do
    (( %{+seen[$w]} )) && continue
    seen[$w]=1
    __cs_defrec "$w"
  done
}

__cs_senddefs() {
  emulate -L zsh
  local n=$RANDOM$RANDOM$RANDOM$RANDOM
  (( ++__cs_seq ))
  { builtin print -rn -- D$'\0'$__cs_seq$'\0'$n$'\0'; __cs_defs "$1"; builtin print -rn -- $'\0' } >$__cs_q || return 1
  __cs_await $n
}

# What the startup files defined: S seq nonce records "".
__cs_snapshot() {
  emulate -L zsh
  local n=$RANDOM$RANDOM$RANDOM$RANDOM k
  (( ++__cs_seq ))
  {
    builtin print -rn -- S$'\0'$__cs_seq$'\0'$n$'\0'
    for k in %{(k)aliases} %{(k)galiases} %{(k)functions}; do __cs_defrec "$k"; done
    builtin print -rn -- $'\0\0'
  } >$__cs_q || return 1
  __cs_await $n
}

# The exported environment as NUL-separated records, ended by an empty one (no process started).
__cs_sendenv() {
  emulate -L zsh
  local n=$RANDOM$RANDOM$RANDOM$RANDOM k
  (( ++__cs_seq ))
  {
    builtin print -rn -- E$'\0'$__cs_seq$'\0'$n$'\0'z$'\0'
    for k in %{(k)parameters[(R)*export*]}; do
      [[ %{parameters[$k]} == *array* ]] && continue
      builtin print -rn -- "$k=%{(P)k}"$'\0'
    done
    builtin print -rn -- $'\0'
  } >$__cs_q || return 1
  __cs_await $n
}

# Replies have five fields: kind, seq, nonce, a, b. Anything not for this request is skipped.
__cs_await() {
  emulate -L zsh
  local k s o a b
  {
    while IFS= builtin read -r -d '' k && IFS= builtin read -r -d '' s && IFS= builtin read -r -d '' o &&
      IFS= builtin read -r -d '' a && IFS= builtin read -r -d '' b; do
      if [[ $s == "$__cs_seq" && $o == "$1" ]]; then
        __cs_reply=("$k" "$a" "$b")
        return 0
      fi
    done
  } <$__cs_r
  return 1
}

__cs_keep() {
  [[ -o interactive ]] || return 0
  [[ -o histignorespace && $1 == ' '* ]] && return 0
  builtin print -rs -- "$1"
}

__cs_refuse() {
  __cs_keep "$1"
  BUFFER=
  zle -I
  builtin print -ru2 -- "$2"
  zle .accept-line
}

# The widget behind accept-line and friends.
__cs_accept() {
  local w=$WIDGET l x=
  # vared edits a variable, not a command; a nested call is a plugin's wrapper calling back.
  if [[ -n $__cs_busy || $CONTEXT == vared ]]; then zle __cs_orig_$w; return; fi
  local __cs_busy=1
  if [[ -z $__cs_q ]] && ! __cs_connect; then
    __cs_refuse "$PREBUFFER$BUFFER" 'countersign: this shell is not connected to its countersign session; the line was not run.'
    return
  fi
  # History expansion happens after this widget: judge what will really run, and don't let zsh
  # expand the expanded line again.
  # (^old^new at the start is history too, and histchars may name other characters: red team 25s.)
  if [[ -o banghist && ( $BUFFER == *"%{histchars[1]-!}"* || $BUFFER == "%{histchars[2]-^}"* ) ]]; then
    l=$BUFFER
    zle expand-history
    [[ $BUFFER != "$l" ]] && x=1
  fi
  l=$PREBUFFER$BUFFER
  if ! __cs_ask "$l"; then
    __cs_refuse "$l" 'countersign: no answer from the session; the line was not run.'
    return
  fi
  while [[ %{__cs_reply[1]} == [VF] ]]; do
    if [[ %{__cs_reply[1]} == V ]]; then __cs_sendenv; else __cs_senddefs "%{__cs_reply[2]}"; fi ||
      { __cs_refuse "$l" 'countersign: no answer from the session; the line was not run.'; return; }
  done
  case %{__cs_reply[1]} in
  A)
    (( __cs_ran )) || __cs_ps0=%{__cs_reply[2]}
    if [[ -n $x ]]; then __cs_bang=1; builtin unsetopt banghist; fi
    zle __cs_orig_$w
    ;;
  N)
    # Incomplete (an open quote, loop, heredoc...): keep editing in the same buffer.
    if [[ -n $PREBUFFER ]]; then
      zle __cs_orig_$w
    else
      BUFFER+=$'\n'
      CURSOR=$#BUFFER
    fi
    ;;
  G)
    # Accepted as typed (history keeps it as typed); preexec holds it at the gate.
    __cs_line=$l
    __cs_gid=%{__cs_reply[2]}
    __cs_ps0=%{__cs_reply[3]}
    [[ -n $x ]] && { __cs_bang=1; builtin unsetopt banghist }
    zle __cs_orig_$w
    ;;
  *)
    __cs_refuse "$l" "%{__cs_reply[2]:-countersign: the line was not run.}"
    ;;
  esac
}

# preexec of a held line: the session shows the panel and reads the phrase on the outer terminal
# once the marker has reached it, then answers Y (run) or anything else. Declined, the whole line is
# interrupted before any of it runs (SIGINT to this shell, with its INT traps out of the way).
__cs_gate() {
  local id=$__cs_gid ok=
  __cs_gid=
  builtin print -rn -- $'\e]6973;'"$id"$'\a'
  if __cs_talk W "$id" "$__cs_line"; then
    [[ %{__cs_reply[1]} == Y ]] && ok=1
  else
    builtin print -ru2 -- 'countersign: no answer from the session; the command did not run.'
  fi
  [[ -n $ok ]] && return 0
  __cs_declined=1
  __cs_trapint=%{functions[TRAPINT]-}
  __cs_trapint_set=%{+functions[TRAPINT]}
  (( __cs_trapint_set )) && builtin unfunction TRAPINT
  __cs_traps=$(builtin trap -p INT 2>/dev/null)
  builtin trap - INT
  builtin kill -INT $$
}

__cs_cwd() {
  emulate -L zsh
  local v=$PWD
  v=%{v//\\/\\\\}
  v=%{v//;/\\x3b}
  v=%{v// /\\x20}
  if [[ $v == *[[:cntrl:]]* ]]; then
    local o= c i
    for (( i = 1; i <= $#v; i++ )); do
      c=$v[i]
      [[ $c == [[:cntrl:]] ]] && c=$(builtin printf '\\x%02x' "'$c")
      o+=$c
    done
    v=$o
  fi
  builtin print -rn -- $'\e]633;P;Cwd='"$v"$'\a'
}

__cs_preexec() {
  builtin print -rn -- "$__cs_ps0"
  __cs_ps0=
  (( __cs_ran++ ))
  [[ -n $__cs_gid ]] && __cs_gate
}

__cs_precmd() {
  local s=$?
  if [[ -n $__cs_bang ]]; then builtin setopt banghist; __cs_bang=; fi
  if [[ -n $__cs_declined ]]; then
    # A declined line: status 126, as in -c mode; the INT traps come back.
    s=126 __cs_declined=
    (( __cs_trapint_set )) && functions[TRAPINT]=$__cs_trapint
    [[ -n $__cs_traps ]] && builtin eval "$__cs_traps"
    __cs_trapint_set=0 __cs_traps=
  fi
  __cs_gid=
  if [[ -n $__cs_first ]]; then
    if (( __cs_ran )); then
      builtin print -rn -- $'\e]633;D;'$s$'\a\e]133;D;'$s$'\a'
    else
      builtin print -rn -- $'\e]633;D\a\e]133;D\a'
    fi
  fi
  __cs_first=1 __cs_ran=0 __cs_ps0=
  __cs_cwd
  [[ $ZDOTDIR == "$__cs_zdot" ]] || builtin export ZDOTDIR=$__cs_zdot
  return $s
}

__cs_prompt() {
  if [[ $PS1 != "$__cs_ps1" ]]; then
    # (the prompt's %{ %} markers, spelt so that this file's placeholder for dollar-brace leaves them be)
    __cs_ps1='%''{'$__cs_A'%}'$PS1'%''{'$__cs_B'%}'
    PS1=$__cs_ps1
  fi
}

__cs_widgets() {
  local w
  for w in accept-line accept-and-hold accept-line-and-down-history accept-and-infer-next-history; do
    [[ %{widgets[$w]-} == user:__cs_accept ]] && continue
    if [[ %{widgets[$w]-} == user:* ]]; then zle -A $w __cs_orig_$w; else zle -A .$w __cs_orig_$w; fi
    zle -N $w __cs_accept
  done
  # Completion and expansion run what the line's word holds: command and process substitutions,
  # glob qualifiers with code (e:...:, +func), parameter flags (e). Guarded below.
  for w in expand-or-complete expand-or-complete-prefix expand-word complete-word menu-complete menu-expand-or-complete reverse-menu-complete list-choices delete-char-or-list expand-cmd-path _expand_word _expand_alias _complete_help _correct_word _most_recent_file _history-complete-older _history-complete-newer; do
    [[ -n %{widgets[$w]-} ]] || continue
    [[ %{widgets[$w]} == user:__cs_expand ]] && continue
    if [[ %{widgets[$w]} == builtin ]]; then zle -A .$w __cs_orig_$w; else zle -A $w __cs_orig_$w; fi
    zle -N $w __cs_expand
  done
}

# Tab on a line holding code to run (an agent types \`echo $(rm -rf data)<Tab>\`): expanding it
# ran the code with no line checked (red team 25s). Such a line keeps its text; Enter checks it.
__cs_expand() {
  if [[ $BUFFER == *'$('* || $BUFFER == *$'\x60'* || $BUFFER == *[\<\>]'('* || $BUFFER == (*[[:space:]]|)'=('* || $BUFFER == *'%{('* || $BUFFER =~ '\([^)]*(e[^a-zA-Z0-9 ]|\+)' ]]; then
    zle -M 'countersign: not expanded or completed: the line holds code that would run unchecked (Enter has it checked).'
    return 1
  fi
  zle __cs_orig_$WIDGET -- "$@"
}

# A nested interactive bash gets the session's rc file; anything else is the real bash, unchanged.
bash() {
  local a w= login= norc= noprof= rc=
  local -a long short all
  all=("$@")
  [[ -t 0 && -r %{__CS_DIR-}/bashrc ]] && w=1
  while (( $# )); do
    a=$1
    case $a in
    (--) shift; break ;;
    (--login) login=1 ;;
    (--norc) norc=1 ;;
    (--noprofile) noprof=1 ;;
    (--rcfile|--init-file) rc=%{2-}; shift ;;
    (--posix) w= ;;
    (--*) long+=("$a") ;;
    ([-+]o|[-+]O) [[ %{2-} == posix ]] && w=; short+=("$a" "%{2-}"); shift ;;
    (-*)
      [[ $a == *c* ]] && w=
      [[ $a == *l* ]] && login=1
      a=%{a//[li]/}
      [[ $a != - ]] && short+=("$a")
      ;;
    (+*) short+=("$a") ;;
    (*) break ;;
    esac
    shift
  done
  (( $# )) && w=
  if [[ -z $w ]]; then
    command bash "%{all[@]}"
    return
  fi
  __CS_LOGIN=$login __CS_NORC=$norc __CS_NOPROFILE=$noprof __CS_USER_RC=$rc \
    command bash "%{long[@]}" --rcfile "$__CS_DIR/bashrc" -i "%{short[@]}"
}

zmodload zsh/parameter 2>/dev/null
__cs_widgets
precmd_functions=(__cs_precmd %{precmd_functions[@]:#__cs_*} __cs_prompt)
preexec_functions=(__cs_preexec %{preexec_functions[@]:#__cs_*})
if __cs_connect; then
  __cs_snapshot
else
  builtin print -ru2 -- 'countersign: could not reach the countersign session; lines typed here will not run.'
fi
`;
