// dotenv-cli (npm `dotenv-cli`, the `dotenv` bin): its argv read the way its cli.js reads it, with
// minimist and no declared options. Options may come anywhere before `--` (`dotenv psql -e .env.prod`
// runs `psql`), `-c` takes the next word unless it starts with a dash, glued letters are flags
// (`-cproduction` is -c -p -r ... with `n` taking the next word), a numeric value is a number, and a
// repeated option is a list. What it loads: each -e FILE (default .env), cascaded by -c [ENV] into
// FILE.ENV.local, FILE.local, FILE.ENV, FILE (first wins; -o makes later files win); -v NAME=VALUE
// over all. -p, --debug and --help print and exit; -c with -o, a bad -v or no command exit: then
// nothing runs.
import type { Word } from './types.js';

type Val = string | number | boolean;

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(e[-+]?\d+)?$|^0x[0-9a-f]+$/i;

/** minimist's reading: values by name (repeats kept in order) and the positionals, then the words
 *  after `--`. */
export function minimist(args: Word[]): { opts: Map<string, Val[]>; rest: Word[] } {
  const opts = new Map<string, Val[]>();
  const set = (k: string, v: Val): void => {
    const val = typeof v === 'string' && NUMBER.test(v) ? Number(v) : v;
    // A flag given again is replaced, a value given again makes a list.
    const prev = opts.get(k);
    opts.set(k, prev && !(prev.length === 1 && typeof prev[0] === 'boolean') ? [...prev, val] : [val]);
  };
  const dd = args.findIndex((w) => w.value === '--');
  const before = dd < 0 ? args : args.slice(0, dd);
  const rest: Word[] = [];
  const takesNext = (k: number): boolean => k < before.length && !/^(-|--)[^-]/.test(before[k]!.value);
  for (let i = 0; i < before.length; i++) {
    const v = before[i]!.value;
    let m: RegExpExecArray | null;
    if ((m = /^--([^=]+)=([\s\S]*)$/.exec(v))) set(m[1]!, m[2]!);
    else if ((m = /^--no-(.+)/.exec(v))) set(m[1]!, false);
    else if ((m = /^--(.+)/.exec(v))) {
      if (takesNext(i + 1)) set(m[1]!, before[++i]!.value);
      else set(m[1]!, true);
    } else if (/^-[^-]+/.test(v)) {
      const letters = v.slice(1, -1).split('');
      let broken = false;
      for (let j = 0; j < letters.length; j++) {
        const next = v.slice(j + 2);
        if (next === '-') { set(letters[j]!, next); continue; }
        if (/[A-Za-z]/.test(letters[j]!) && next[0] === '=') { set(letters[j]!, next.slice(1)); broken = true; break; }
        if (/[A-Za-z]/.test(letters[j]!) && /-?\d+(\.\d*)?(e-?\d+)?$/.test(next)) { set(letters[j]!, next); broken = true; break; }
        if (letters[j + 1] && /\W/.test(letters[j + 1]!)) { set(letters[j]!, v.slice(j + 2)); broken = true; break; }
        set(letters[j]!, true);
      }
      const key = v.slice(-1);
      if (!broken && key !== '-') {
        if (takesNext(i + 1) && before[i + 1]!.value) set(key, before[++i]!.value);
        else set(key, true);
      }
    } else rest.push(before[i]!);
  }
  if (dd >= 0) rest.push(...args.slice(dd + 1));
  return { opts, rest };
}

export interface DotenvCli {
  files: string[];
  assigns: Array<[string, string]>;
  override: boolean;
  /** The command it runs; empty when it runs none. */
  inner: Word[];
  /** Why it runs nothing, when it doesn't. */
  none?: string;
}

/** What `dotenv ARGS` (dotenv-cli) loads and runs. */
export function dotenvCli(args: Word[]): DotenvCli {
  const { opts, rest } = minimist(args);
  // As cli.js tests `argv.X`: a list is truthy, a single value by JavaScript's rules.
  const on = (k: string): boolean => {
    const v = opts.get(k);
    return !!v && (v.length > 1 || !!v[0]);
  };
  const none = (why: string): DotenvCli => ({ files: [], assigns: [], override: false, inner: [], none: why });
  if (on('help')) return none('dotenv --help prints its usage');
  const override = on('o') || on('override');
  const cascade = opts.get('c');
  const cOn = on('c');
  if (cOn && override) return none('dotenv refuses -c with -o');
  const e = on('e') ? opts.get('e') : undefined;
  if (e?.some((x) => typeof x !== 'string')) return none('dotenv -e without a file name fails');
  let files = e?.length ? (e as string[]) : ['.env'];
  // A single string value cascades by that environment; -c alone (or repeated, a number) only .local.
  if (cOn) files = files.flatMap((p) => (cascade!.length === 1 && typeof cascade![0] === 'string' ? [`${p}.${cascade![0]}.local`, `${p}.local`, `${p}.${cascade![0]}`, p] : [`${p}.local`, p]));
  const assigns: Array<[string, string]> = [];
  for (const v of on('v') ? opts.get('v')! : []) {
    const m = typeof v === 'string' ? /^(\w+)=([\s\S]+)$/m.exec(v) : null;
    if (!m) return none('dotenv -v without NAME=VALUE fails');
    assigns.push([m[1]!, m[2]!]);
  }
  if (on('debug')) return none('dotenv --debug only prints the files');
  if (on('p')) return none('dotenv -p only prints a variable');
  if (!rest.length) return none('dotenv without a command prints its usage');
  return { files, assigns, override, inner: rest };
}
