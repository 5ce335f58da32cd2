#!/usr/bin/env bash
# Regenerate the pictures in docs/screens/ from a real terminal: each screen runs bin/countersign
# in tmux (a real pty, so the confirmation panel is drawn on /dev/tty as a person sees it), the
# pane is captured with its colours (tmux capture-pane -e), turned into HTML (aha), and headless
# Chromium takes the screenshot.
#
#   npm run build && scripts/screens.sh          # needs: tmux aha chromium fonts-dejavu-core
#
# Everything runs in a throw-away demo project and HOME under a temp dir (a kube config with a
# production context, a .env naming a production database); nothing of yours is shown or touched.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT="$REPO/docs/screens"
COLS=120

for tool in tmux aha chromium; do
  command -v "$tool" >/dev/null || { echo "screens.sh: $tool is missing (apt-get install -y tmux aha chromium fonts-dejavu-core)" >&2; exit 1; }
done
[ -x "$REPO/bin/countersign" ] && [ -f "$REPO/dist/cli.mjs" ] || { echo "screens.sh: run npm run build first" >&2; exit 1; }

# A fixed place, so the paths in the pictures stay the same from one run to the next.
WORK="${TMPDIR:-/tmp}/countersign-demo"
rm -rf "$WORK"
mkdir -p "$WORK"
SOCK="countersign-screens-$$"
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# ---- the demo project ----
DEMO_HOME="$WORK/home"
PROJ="$WORK/shop"
mkdir -p "$DEMO_HOME/.kube" "$PROJ/data" "$WORK/bin"
ln -s "$REPO/bin/countersign" "$WORK/bin/countersign"
cat >"$DEMO_HOME/.kube/config" <<'EOF'
apiVersion: v1
current-context: prod-eu-1
contexts:
- name: prod-eu-1
  context: {cluster: prod-eu-1, namespace: payments}
- name: kind-dev
  context: {cluster: kind-dev}
EOF
printf 'DATABASE_URL=postgres://app@db.prod.acme.com:5432/shop\n' >"$PROJ/.env"
git -C "$PROJ" init -q -b main
git -C "$PROJ" remote add origin git@github.com:acme/shop.git

# Same environment for every screen: the demo HOME, countersign on PATH, a plain prompt.
DEMO_ENV=(env -i "HOME=$DEMO_HOME" "USER=dev" "PATH=$WORK/bin:/usr/local/bin:/usr/bin:/bin" "TERM=xterm-256color"
  "LANG=C.UTF-8" "XDG_CONFIG_HOME=$DEMO_HOME/.config" "XDG_STATE_HOME=$DEMO_HOME/.local/state" "SHELL=/bin/bash")
(cd "$PROJ" && "${DEMO_ENV[@]}" countersign init --yes --claude >/dev/null)

# ---- capture and render ----
ROWS=60
# Run "$@" in a fresh tmux pane, showing "$ <shown>" first; wait until $until appears on the
# screen (or the command ends), then save the pane with its colours.
capture() {
  local name=$1 shown=$2 until=$3
  shift 3
  local script="$WORK/$name.sh"
  {
    printf 'printf "\\033[32m$\\033[0m %%s\\n" %q\n' "$shown"
    printf '%q ' "$@"
    printf '\necho __screen_done__ >%q\nsleep 600\n' "$WORK/$name.done"
  } >"$script"
  tmux -L "$SOCK" new-session -d -s "$name" -x "$COLS" -y "$ROWS" -c "$PROJ" "${DEMO_ENV[@]}" bash --noprofile --norc "$script"
  for _ in $(seq 1 300); do
    if [ -e "$WORK/$name.done" ] || { [ -n "$until" ] && tmux -L "$SOCK" capture-pane -p -t "$name" | grep -qF -- "$until"; }; then break; fi
    sleep 0.1
  done
  sleep 0.3
  tmux -L "$SOCK" capture-pane -e -p -t "$name" | sed -e 's/[[:space:]]*$//' | grep -v '__screen_done__' >"$WORK/$name.ans"
  tmux -L "$SOCK" kill-session -t "$name"
  # Drop trailing blank lines.
  sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$WORK/$name.ans"
}

render() {
  local name=$1
  local lines
  lines=$(wc -l <"$WORK/$name.ans")
  {
    cat <<'EOF'
<!doctype html><meta charset="utf-8"><style>
html,body{margin:0;background:#1d1f21}
pre{margin:0;padding:14px 18px;color:#d8d8d8;font:14px/19px "DejaVu Sans Mono",monospace;white-space:pre}
</style><pre>
EOF
    aha --no-header <"$WORK/$name.ans" | sed -e 's/color:white;/color:#e8e8e8;/g'
    echo '</pre>'
  } >"$WORK/$name.html"
  local height=$((lines * 19 + 28)) width=$((COLS * 85 / 10 + 36))
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$WORK/chromium" \
    --force-device-scale-factor=1 --window-size="$width,$height" --screenshot="$OUT/$name.png" \
    "file://$WORK/$name.html" >/dev/null 2>&1
  echo "docs/screens/$name.png: $(wc -c <"$OUT/$name.png") bytes, $lines lines"
}

mkdir -p "$OUT"
# The panel: a destructive command through countersign as a shell, waiting for the phrase.
capture panel "countersign -c 'kubectl delete namespace payments'" 'type exactly' \
  countersign -c 'kubectl delete namespace payments'
render panel
capture check "countersign check -- 'git push --force origin main'" '' countersign check -- 'git push --force origin main'
render check
capture env "countersign env" '' countersign env
render env
capture doctor "countersign doctor" '' countersign doctor
render doctor

# The approver pane beside an agent: a key (cheap scrypt, demo only), a request from an agent's
# command, then the pane unlocked with the passphrase and showing that request.
(cd "$REPO" && XDG_CONFIG_HOME="$DEMO_HOME/.config" npx --no-install tsx -e "import {createKey, writeKeyFile, approverFile} from './src/keys/index.ts'; writeKeyFile(approverFile(process.env, '$DEMO_HOME'), createKey('demo approver passphrase', {cost: 1024}))")
(cd "$PROJ" && "${DEMO_ENV[@]}" CODEX_THREAD_ID=demo countersign -c 'kubectl delete namespace payments' >/dev/null 2>&1 || true)
tmux -L "$SOCK" new-session -d -s approver -x "$COLS" -y "$ROWS" -c "$DEMO_HOME" "${DEMO_ENV[@]}" bash --noprofile --norc -c 'printf "\033[32m$\033[0m countersign approver\n"; countersign approver; sleep 600'
wait_for() { for _ in $(seq 1 300); do tmux -L "$SOCK" capture-pane -p -t approver | grep -qF -- "$1" && return; sleep 0.1; done; }
wait_for 'Approver passphrase'
tmux -L "$SOCK" send-keys -t approver -l 'demo approver passphrase'
tmux -L "$SOCK" send-keys -t approver Enter
wait_for 'Type the phrase'
sleep 0.3
tmux -L "$SOCK" capture-pane -e -p -t approver | sed -e 's/[[:space:]]*$//' >"$WORK/approver.ans"
sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$WORK/approver.ans"
tmux -L "$SOCK" kill-session -t approver
render approver
