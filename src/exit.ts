// Exit statuses. Documented in README.md (Exit statuses); change both together.
export const EXIT = {
  OK: 0,
  /** check: the line needs a typed confirmation. */
  CONFIRM: 10,
  /** check: the line is denied outright. */
  DENY: 11,
  /** Usage error. */
  USAGE: 2,
  /** Shell mode: declined, denied or not approved; the command did not run (bash's "cannot execute"). */
  DECLINED: 126,
  /** Config or rule-test failure. */
  CONFIG: 3,
  /** A bug: nothing was run. */
  INTERNAL: 70,
} as const;
