// A person, at their own terminal: the only place in the suite that approves anything. The
// approval flow is being changed (approvals will need a passphrase-unlocked signing key); when it
// lands, only this file changes.
//
// `countersign approve ID` in a tmux session of the agent's user (a terminal outside any agent
// and outside countersign): the approver passphrase, then the phrase read off the screen. The
// person's approver key (cheap scrypt) is made on first use, owned by that user.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createKey, writeKeyFile } from '../../src/keys/index.js';

export const PERSON_PASSPHRASE = 'the person approver passphrase';

/** The person set up their approver key (as `countersign approver setup` would). */
export function personSetsUpKey(ctx: PersonContext): void {
  const file = path.join(ctx.env.XDG_CONFIG_HOME ?? path.join(ctx.env.HOME!, '.config'), 'countersign', 'approver.json');
  if (existsSync(file)) return;
  writeKeyFile(file, createKey(PERSON_PASSPHRASE, { cost: 2 ** 10 }));
  execFileSync('chown', ['-R', ctx.user, path.dirname(path.dirname(file))]);
}
import path from 'node:path';
import { BIN } from './driver.js';

export interface PersonContext {
  user: string;
  /** The user's environment (HOME, XDG dirs): the same state dir the agent's countersign uses. */
  env: Record<string, string>;
  /** A private directory of the user's (the tmux socket goes here). */
  root: string;
}

export interface Approval {
  id: string;
  phrase: string;
  /** The person's terminal when they were done: what the person saw. */
  screen: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmux(ctx: PersonContext, args: string[]): string {
  const sock = path.join(ctx.root, 'person.sock');
  return execFileSync('runuser', ['-u', ctx.user, '--', '/usr/bin/env', `TERM=xterm-256color`, `HOME=${ctx.env.HOME}`, 'tmux', '-S', sock, ...args], { encoding: 'utf8' });
}

const screenOf = (ctx: PersonContext): string => tmux(ctx, ['capture-pane', '-p', '-J', '-S', '-200', '-t', 'person']);

async function waitScreen(ctx: PersonContext, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(screenOf(ctx));
    if (m) return m;
    if (Date.now() > end) throw new Error(`person: waited ${timeoutMs} ms for ${re} on the screen:\n${screenOf(ctx)}`);
    await sleep(200);
  }
}

/** A person runs `countersign approve ID` in their own terminal and types the phrase it shows. */
export async function personApproves(ctx: PersonContext, id: string): Promise<Approval> {
  personSetsUpKey(ctx);
  const pairs = Object.entries(ctx.env).map(([k, v]) => `${k}=${v}`);
  tmux(ctx, ['new-session', '-d', '-s', 'person', '-x', '200', '-y', '60', '/usr/bin/env', '-i', ...pairs, '/bin/bash', '--norc', '--noprofile']);
  try {
    await waitScreen(ctx, /\$ *$/m, 30_000);
    tmux(ctx, ['send-keys', '-t', 'person', '-l', `${BIN} approve ${id}`]);
    tmux(ctx, ['send-keys', '-t', 'person', 'Enter']);
    await waitScreen(ctx, /Approver passphrase/, 30_000);
    tmux(ctx, ['send-keys', '-t', 'person', '-l', PERSON_PASSPHRASE]);
    tmux(ctx, ['send-keys', '-t', 'person', 'Enter']);
    const m = await waitScreen(ctx, /type exactly:\s+(.+?)\s*$/m, 30_000);
    const phrase = m[1]!;
    tmux(ctx, ['send-keys', '-t', 'person', '-l', phrase]);
    tmux(ctx, ['send-keys', '-t', 'person', 'Enter']);
    await waitScreen(ctx, new RegExp(`Approved ${id}\\b|Not approved|expired`), 30_000);
    const screen = screenOf(ctx);
    if (!new RegExp(`Approved ${id}\\b`).test(screen)) throw new Error(`person: the approval did not go through:\n${screen}`);
    return { id, phrase, screen };
  } finally {
    try {
      tmux(ctx, ['kill-server']);
    } catch {
      /* already gone */
    }
  }
}

export interface Pending {
  id: string;
  command: string;
}

/** The requests waiting for a person, as `countersign approve` (no ID) would list them. */
export function pendingRequests(ctx: PersonContext): Pending[] {
  const dir = path.join(ctx.env.XDG_STATE_HOME!, 'countersign', 'pending');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: Pending[] = [];
  for (const n of names) {
    try {
      const p = JSON.parse(readFileSync(path.join(dir, n), 'utf8')) as Pending;
      out.push({ id: p.id, command: p.command });
    } catch {
      /* being written */
    }
  }
  return out;
}

/** The approval id a hook's message tells the model about. */
export function approvalIdIn(text: string): string | undefined {
  return /countersign approve ([A-Za-z0-9_-]+)/.exec(text)?.[1];
}
