// Shell code that programs take in an option or a variable and run later: `git -c
// core.pager='...'`, `EDITOR='...' git commit`, `vim -c '!...'`, `tar --checkpoint-action=exec=...`,
// `script -c '...'`, `tmux new '...'`, crontab lines. The walker parses each as code.
import type { Invocation, Word } from './types.js';

export interface Embedded {
  /** The code, or undefined when it is only known at run time. */
  code: string | undefined;
  how: string;
}

/** Variables whose value is a command some program runs. */
const COMMAND_VARS = new Set(['GIT_SSH_COMMAND', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'SSH_ASKPASS', 'PAGER', 'EDITOR', 'VISUAL', 'MANPAGER', 'LESSOPEN', 'PROMPT_COMMAND']);

/** git config keys whose value is a shell command (aliases only when they start with `!`). */
const GIT_COMMAND_KEYS = /^(core\.(pager|sshcommand|editor|fsmonitor|askpass)|sequence\.editor|diff\.external|credential\.helper|(diff|merge|filter)\..+\.(textconv|command|clean|smudge|process|driver|cmd)|(difftool|mergetool)\..+\.cmd|pager\..+|alias\..+|gpg\.program|ssh\.variant)$/i;

const word = (w: Word | undefined): string | undefined => (w && !w.dynamic ? w.value : undefined);

export function embeddedCode(inv: Invocation): Embedded[] {
  const out: Embedded[] = [];
  for (const a of inv.assignments) if (COMMAND_VARS.has(a.name)) out.push({ code: a.value.dynamic ? undefined : a.value.value, how: `$${a.name}` });
  const args = inv.argv.slice(1);
  switch (inv.name) {
    case 'git':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        if (v !== '-c' && !v.startsWith('-c')) {
          if (!v.startsWith('-')) break; // the subcommand: git's own options end here
          continue;
        }
        const kv = v === '-c' ? args[++i] : { ...args[i]!, value: v.slice(2) };
        if (!kv) break;
        const eq = kv.value.indexOf('=');
        const key = eq > 0 ? kv.value.slice(0, eq) : kv.value;
        const val = eq > 0 ? kv.value.slice(eq + 1) : '';
        if (!GIT_COMMAND_KEYS.test(key)) continue;
        if (/^alias\./i.test(key) && !val.startsWith('!')) continue;
        out.push({ code: kv.dynamic ? undefined : val.replace(/^!/, ''), how: `git -c ${key}` });
      }
      break;
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'view':
    case 'ex':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        const cmd = v === '-c' || v === '--cmd' ? word(args[++i]) : v.startsWith('+') ? v.slice(1) : undefined;
        const bang = cmd?.match(/^\s*(?:silent\s*)?!(.*)$/s);
        if (bang) out.push({ code: bang[1], how: `${inv.name} :!` });
      }
      break;
    case 'tar':
    case 'gtar':
    case 'bsdtar':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        const m = /^--(checkpoint-action=exec|to-command|use-compress-program|info-script|new-volume-script|rsh-command)=(.*)$/s.exec(v);
        if (m) out.push({ code: args[i]!.dynamic ? undefined : m[2], how: `tar --${m[1]}` });
        else if (v === '-I' || v === '-F') out.push({ code: word(args[++i]), how: `tar ${v}` });
      }
      break;
    case 'script':
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.value;
        if (v === '-c' || v === '--command') out.push({ code: word(args[++i]), how: 'script -c' });
        else if (/^-[a-zA-Z]*c$/.test(v)) out.push({ code: word(args[++i]), how: 'script -c' });
        else if (v.startsWith('--command=')) out.push({ code: args[i]!.dynamic ? undefined : v.slice(10), how: 'script -c' });
      }
      break;
    case 'tmux': {
      // new-session / new-window / split-window / respawn-*: a trailing shell command.
      const sub = args.find((a) => !a.value.startsWith('-'))?.value ?? '';
      if (/^(new(-session|-window)?|neww|split(-window)?|splitw|respawn(-pane|-window)?|respawnp|respawnw|run(-shell)?|display-popup|popup)$/.test(sub)) {
        const i = args.findIndex((a) => a.value === sub);
        const rest = args.slice(i + 1);
        const withArg = new Set(['-c', '-e', '-F', '-n', '-s', '-t', '-x', '-y', '-l', '-p', '-f', '-w', '-h']);
        let k = 0;
        for (; k < rest.length; k++) {
          const v = rest[k]!.value;
          if (!v.startsWith('-')) break;
          if (withArg.has(v)) k++;
        }
        const cmd = rest.slice(k);
        if (cmd.length) out.push({ code: cmd.some((w) => w.dynamic) ? undefined : cmd.map((w) => w.value).join(' '), how: `tmux ${sub}` });
      }
      if (sub === 'send-keys' || sub === 'send') out.push({ code: undefined, how: 'tmux send-keys (types into a terminal)' });
      break;
    }
    case 'screen':
      if (args.some((a) => a.value === '-X' || a.value === '-x')) out.push({ code: undefined, how: 'screen -X (commands to a session)' });
      break;
    case 'crontab': {
      const s = inv.stdin;
      const file = args.find((a) => !a.value.startsWith('-'));
      if (args.some((a) => a.value === '-r' || a.value === '-l' || a.value === '-e')) break;
      if (file && file.value !== '-') break; // a file argument: read by the indirection rules later
      if (s && (s.kind === 'heredoc' || (s.kind === 'herestring' && !s.dynamic) || (s.kind === 'pipe' && s.text !== undefined))) {
        for (const line of (s.text ?? '').split('\n')) {
          const t = line.trim();
          if (!t || t.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) continue;
          const m = /^(@\w+|\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$/.exec(t);
          if (m) out.push({ code: m[2], how: 'crontab entry' });
        }
      } else out.push({ code: undefined, how: 'crontab reads a schedule from its input' });
      break;
    }
  }
  return out;
}
