// Programs known by another name only when it is written in capitals: libwww-perl's links to
// lwp-request (GET, HEAD, POST, PUT, DELETE: the name is the method). Program names are otherwise
// compared lower-case, and `head`, `patch` are other programs. Kept apart from builtin.ts so the
// quick reject (src/rules/quick.ts) can read it without loading the registry.
export const CAPITAL_NAMES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, { GET: 'lwp-request', HEAD: 'lwp-request', POST: 'lwp-request', PUT: 'lwp-request', DELETE: 'lwp-request' });

/** A word naming one of them, as the quick reject sees raw text (case kept). */
export const CAPITAL_WORD = /(?:^|[^\w-])(?:GET|HEAD|POST|PUT|DELETE)(?![\w-])/;

/** Shells installed under a versioned or variant name (`ksh93`, `bash5`, `zsh-5.9`, `mksh-static`,
 *  OpenBSD's `oksh`): the shell they are. Undefined for any other name. */
export function shellVariant(name: string): string | undefined {
  const m = SHELL_VARIANT.exec(name);
  return m ? (m[1] ?? 'ksh') : undefined;
}
const SHELL_VARIANT = /^(?:(bash|zsh|ksh|mksh|dash|ash|yash|tcsh|csh|fish)(?:-?\d[\d.]*|-static)|pdksh|oksh|loksh|lksh|ksh93|ksh88)$/;

/** Interactive interpreters with no code reader here: with no operand they read code from their
 *  input (parse/runtime.ts interpreterRepl); the quick reject always parses them. */
export const REPLS = new Set(['ipython', 'irb', 'pry', 'deno', 'lua', 'luajit', 'julia', 'jshell', 'ghci', 'r', 'scala', 'clj', 'clojure', 'iex', 'erl', 'racket', 'guile', 'sbcl', 'ocaml', 'utop', 'swift', 'kotlinc', 'groovysh', 'tclsh', 'wish', 'psysh']);

/** The programs with an HTTP request reader (rules/http's httpRequests). A rule names them all as
 *  `command: ['@http-clients']` (rules/schema.ts), so a client added here reaches every API rule. */
export const HTTP_CLIENTS: readonly string[] = ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'curlie', 'wget2', 'lwp-request', 'httpx', 'hurl', 'glab', 'ab', 'hey', 'oha', 'graphqurl', 'gq', 'awscurl'];
