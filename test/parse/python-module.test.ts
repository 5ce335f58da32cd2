// `python -m MODULE` runs the module's program (src/parse/wrappers.ts packageScript): httpie's
// __main__ is `http`, so `python3 -m httpie DELETE URL` is judged as `http DELETE URL`; `-m` may be
// bundled after flags or glued to its value (`-Im httpie`, `-mhttpie`), as python reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine.js';
import { bareFixture } from '../helpers/detection-fixture.js';

let fx: ReturnType<typeof bareFixture>;
beforeAll(() => {
  fx = bareFixture('countersign-python-m-');
});
afterAll(() => fx.cleanup());

const result = async (line: string) => check(line, fx.ctx);
const URL = 'https://api.example.com/v1/projects/42';

describe('python -m httpie', () => {
  it('is http with its options: a DELETE or a destructive GraphQL mutation pauses', async () => {
    for (const line of [
      `python3 -m httpie DELETE ${URL}`,
      `python -m httpie --verify=no DELETE ${URL}`,
      `python3.12 -m httpie -A bearer -a tok DELETE ${URL}`,
      `python3 -W ignore -m httpie DELETE ${URL}`,
      `python3 -Im httpie DELETE ${URL}`,
      `python3 -mhttpie DELETE ${URL}`,
      `python3 -m httpie.__main__ DELETE ${URL}`,
      `python3 -m httpie POST https://api.example.com/graphql query="mutation { projectDelete(id: 1) }"`,
    ]) {
      const r = await result(line);
      expect(r.decision, line).toBe('confirm');
      expect(r.findings.map((f) => f.rule).join(' '), line).toMatch(/^http\//);
    }
  });

  it('a GET, an offline request and the plugin manager run', async () => {
    for (const line of [`python3 -m httpie ${URL}`, `python3 -m httpie GET ${URL}`, `python3 -m httpie --offline DELETE ${URL}`, 'python3 -m httpie.manager plugins list', 'python3 -m pytest -q']) {
      expect((await result(line)).decision, line).toBe('allow');
    }
  });

  it('a glued -m runs other modules too', async () => {
    expect((await result('python3 -malembic downgrade base')).decision).toBe('confirm');
  });
});
