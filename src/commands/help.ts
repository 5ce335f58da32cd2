// `countersign help`
export function help(): number {
  process.stdout.write(`countersign: a typed-confirmation brake for destructive commands run by AI agents.

Use as a shell (agents run \`SHELL -c 'COMMAND'\`):
  countersign -c 'COMMAND' [NAME ARGS...]   check, then run with the real shell
  countersign [-l|-i]                       an interactive session around your shell
  countersign SCRIPT [ARGS...]              check a script file, then run it

Commands:
  check [--json] -- 'COMMAND'   judge a line here: allow, confirm or deny (exit 0, 10, 11)
  explain [--json] -- 'COMMAND' show every program the line would run
  test [FILES...]               run the rule examples of the builtin packs and the team's files
  approve [ID]                  approve a pending request from your own terminal
  deny ID                       refuse a pending request
  approver setup [--system]     create or replace your approver key (asks its passphrase)
  approver show                 show the key whose signatures approve, and any problem
  trust                         sign the current team and user config (weakening changes apply)
  log [--since DURATION] [--json]  show the audit log
  env [--json]                  show the environments resolved from this folder
  mark PATH                     protect a directory (creates PATH/.countersign-protected)
  init [--yes] [--cursor-hooks] [--claude] [--codex|--codex-user] [--default-profile] [--local]   set up a team repo
  doctor                        check the setup
  hook cursor|claude|gemini|codex  speak an agent's pre-execution hook protocol
  shims DIR                     write bash/zsh/sh shims that run countersign

See README.md for configuration, exit statuses and per-agent setup.
`);
  return 0;
}
