// The subcommands, each loaded only when named (a shell run loads none of them).
export const check = (): Promise<typeof import('./check.js')> => import('./check.js');
export const explain = (): Promise<typeof import('./explain.js')> => import('./explain.js');
export const help = (): Promise<typeof import('./help.js')> => import('./help.js');
export const more = (): Promise<typeof import('./more.js')> => import('./more.js');
export const test = (): Promise<typeof import('./test.js')> => import('./test.js');
