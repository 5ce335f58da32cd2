// Who drives this terminal? A confirmation may be typed only where no agent can type. The answer
// errs towards "an agent": a marker an agent could forge only makes countersign stricter, never
// laxer, and an agent that hides every sign still meets the passphrase, which it never sees.
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { table } from '../own.js';

/** Environment variables the agents document (or are seen to set) in the commands they run. */
const MARKERS: Array<[string, string]> = [
  ['CLAUDECODE', 'Claude Code'],
  ['CLAUDE_CODE_ENTRYPOINT', 'Claude Code'],
  ['CODEX_THREAD_ID', 'Codex'],
  ['CODEX_SESSION_ID', 'Codex'],
  ['CODEX_CI', 'Codex'],
  ['CODEX_SANDBOX', 'Codex'],
  ['GEMINI_CLI', 'Gemini CLI'],
  ['CURSOR_AGENT', 'Cursor agent'],
  ['OPENCODE', 'opencode'],
  ['AIDER_CHAT_HISTORY_FILE', 'Aider'],
  ['COUNTERSIGN_AGENT', 'an agent (COUNTERSIGN_AGENT)'],
];

/** The agent markers set in this environment, as `NAME (agent)`. */
export function agentMarkers(env: Readonly<Record<string, string | undefined>>): string[] {
  const named = MARKERS.filter(([k]) => env[k] !== undefined && env[k] !== '').map(([k, who]) => `${k} (${who})`);
  const aider = Object.keys(env).filter((k) => k.startsWith('AIDER_') && env[k] && !MARKERS.some(([m]) => m === k)).sort();
  return [...named, ...aider.map((k) => `${k} (Aider)`)];
}

/** Why a person-only command (setup, trust, approve) must not run here, or undefined. */
export function notAPersonsTerminal(env: Readonly<Record<string, string | undefined>>, inside: (env: Readonly<Record<string, string | undefined>>) => string | undefined = insideCountersign): string | undefined {
  const signs = agentSigns(env);
  if (signs.length) return `this process runs under an AI agent (${signs.join('; ')})`;
  const cs = inside(env);
  return cs ? `this terminal is guarded by countersign (${cs}), so an agent could be typing here` : undefined;
}

/** Program names of agent CLIs (the basename of argv[0], or of the script node runs). */
const AGENT_PROGRAMS = /^(claude|codex|codex-[\w-]+|gemini|cursor-agent|aider|opencode|amp|goose|crush|qwen|copilot)(\.exe|\.js|\.mjs|\.cjs)?$/;
const AGENT_PATHS = /(@anthropic-ai\/claude-code|@openai\/codex|@google\/gemini-cli|@qwen-code|\/aider\/|cursor-agent)/;

/** Does this process's command line look like an agent CLI? */
export function isAgentCommand(cmd: string[]): boolean {
  const base = (s: string | undefined): string => (s ?? '').split('/').pop() ?? '';
  if (AGENT_PROGRAMS.test(base(cmd[0])) || AGENT_PATHS.test(cmd[0] ?? '')) return true;
  if (/^(node|nodejs|bun|deno|python[\d.]*)$/.test(base(cmd[0]))) {
    const script = cmd.slice(1).find((a) => !a.startsWith('-'));
    return !!script && (AGENT_PROGRAMS.test(base(script)) || AGENT_PATHS.test(script));
  }
  return false;
}

function procCmd(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The first agent among a process's ancestors (Linux /proc), as a description. */
export function agentAncestor(pid = process.ppid): string | undefined {
  for (let p: number | undefined = pid, i = 0; p && p > 1 && i < 64; p = parentOf(p), i++) {
    const cmd = procCmd(p);
    if (cmd && isAgentCommand(cmd)) return `process ${p} (${cmd.slice(0, 2).join(' ')}) is an agent`;
  }
  return undefined;
}

/** The processes holding the master side of a pty (Linux: `tty-index` in /proc/PID/fdinfo). */
export function ptyMasterHolders(ttyIndex: number): number[] {
  const out: number[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${d}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${d}/fd/${fd}`) !== '/dev/ptmx' && !readlinkSync(`/proc/${d}/fd/${fd}`).startsWith('/dev/pts/ptmx')) continue;
        const info = readFileSync(`/proc/${d}/fdinfo/${fd}`, 'utf8');
        const m = /tty-index:\s*(\d+)/.exec(info);
        if (m && Number(m[1]) === ttyIndex) {
          out.push(Number(d));
          break;
        }
      } catch {
        /* gone, or not ours to read */
      }
    }
  }
  return out;
}

/** The controlling terminal's pty number (/dev/pts/N), when it is a pty. */
function controllingPty(): number | undefined {
  for (const fd of [0, 1, 2]) {
    try {
      const m = /^\/dev\/pts\/(\d+)$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) return Number(m[1]);
    } catch {
      /* no such fd */
    }
  }
  return undefined;
}

function environOf(pid: number): Record<string, string> {
  const out: Record<string, string> = table();
  try {
    for (const kv of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const i = kv.indexOf('=');
      if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
    }
  } catch {
    /* not readable */
  }
  return out;
}

/** Signs that an agent drives this process or its terminal: markers in the environment, an agent
 *  among the ancestors, or an agent behind the pty's master side. Empty when none are seen, which
 *  is not proof of a person. */
export function agentSigns(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const signs = agentMarkers(env);
  const anc = agentAncestor();
  if (anc) signs.push(anc);
  const pts = controllingPty();
  if (pts !== undefined) {
    for (const holder of ptyMasterHolders(pts)) {
      const cmd = procCmd(holder);
      if (cmd && isAgentCommand(cmd)) signs.push(`the terminal belongs to process ${holder} (${cmd[0]}), an agent`);
      else {
        const a = agentAncestor(holder);
        if (a) signs.push(`the terminal's owner ${holder} runs under an agent: ${a}`);
        const m = agentMarkers(environOf(holder));
        if (m.length) signs.push(`the terminal's owner ${holder} has ${m.join(', ')}`);
      }
    }
  }
  return signs;
}

/** Is this process running inside a session wrapped by countersign? (Linux: /proc ancestry.) */
export function insideCountersign(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.COUNTERSIGN_SESSION) return 'COUNTERSIGN_SESSION is set';
  if (!existsSync('/proc/self/stat')) return undefined; // macOS: documented limit
  let pid = process.ppid;
  for (let i = 0; i < 64 && pid > 1; i++) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      // The program itself must be countersign (an argument that merely ends in "countersign",
      // like a tmux session or an editor's folder, doesn't count), and not another `countersign
      // approve`: only the word right after the program counts, so `countersign -c CMD approve`
      // is still a countersign shell.
      const at = countersignAt(cmd);
      if (at >= 0 && cmd[at + 1] !== 'approve') return `process ${pid} (${cmd.slice(0, 3).join(' ')}) is countersign`;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Where countersign's program path is in a command line (`countersign ...`, `node [flags]
 *  .../countersign ...`, `node .../dist/cli.mjs ...`), or -1. */
export function countersignAt(cmd: string[]): number {
  const isCs = (a: string | undefined): boolean => !!a && /(^|\/)countersign$|(^|\/)dist\/cli\.mjs$/.test(a);
  if (isCs(cmd[0])) return 0;
  if (!/(^|\/)(node|nodejs)[\d.]*$/.test(cmd[0] ?? '')) return -1;
  const script = cmd.findIndex((a, i) => i > 0 && !a.startsWith('-'));
  return script > 0 && isCs(cmd[script]) ? script : -1;
}

