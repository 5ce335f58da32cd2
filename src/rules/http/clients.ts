// The programs with an HTTP request reader (index.ts's httpRequests). A rule names them all as
// `command: ['@http-clients']` (rules/schema.ts), so a client added here reaches every API rule.
export const HTTP_CLIENTS: readonly string[] = ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'curlie', 'wget2', 'lwp-request', 'httpx', 'hurl', 'glab', 'ab', 'hey', 'oha', 'graphqurl', 'gq', 'awscurl'];
