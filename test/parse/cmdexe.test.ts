// cmd.exe's command line read as the sh that does the same (src/parse/cmdexe.ts).
import { describe, expect, it } from 'vitest';
import { cmdExeText, cmdToSh, robocopyText } from '../../src/parse/cmdexe.js';

const w = (...vs: string[]) => vs.map((value) => ({ value, dynamic: false }));

describe('cmdToSh', () => {
  const cases: Array<[string, string]> = [
    ['rd /s /q build', 'rm -rf -- build'],
    ['rmdir build', 'rmdir -- build'],
    ['RD /S /Q "my dir"', "rm -rf -- 'my dir'"],
    ['rd/s/q data', 'rm -rf -- data'],
    ['rd,/s,/q,data', 'rm -rf -- data'],
    ['@rd /s/q data', 'rm -rf -- data'],
    ['del /q data\\db.sqlite', 'rm -f -- data/db.sqlite data/db.sqlite/*'],
    ['erase /f /q data\\*', 'rm -f -- data/* data/*/*'],
    ['del /q /s *.tmp', "rm -rf -- *.tmp; find . -name '*.tmp' -exec rm -rf {} +"],
    ['del /s build\\*.obj', "rm -rf -- build/*.obj; find build -name '*.obj' -exec rm -rf {} +"],
    ['rmdir /s /q %TEMP%\\jest', 'rm -rf -- "${TEMP:-%TEMP%}"/jest'],
    ['rd /s /q %CD%', 'rm -rf -- "$PWD"'],
    ['rd /s /q %USERPROFILE%\\.ssh', 'rm -rf -- ~/.ssh'],
    ['rd /s /q %HOMEDRIVE%%HOMEPATH%', 'rm -rf -- ~'],
    ['rd /s /q C:\\Users\\dev\\tmp', 'rm -rf -- /mnt/c/Users/dev/tmp'],
    ['rd /s /q \\\\wsl$\\Ubuntu\\etc', 'rm -rf -- /etc'],
    ['move /y data C:\\Temp\\x', 'mv -f -- data /mnt/c/Temp/x'],
    ['ren data\\db.sqlite old.sqlite', 'mv -f -- data/db.sqlite data/old.sqlite'],
    ['copy /y nul data\\db.sqlite', 'cp -f -- /dev/null data/db.sqlite'],
    ['type nul > data\\db.sqlite', 'type nul > data/db.sqlite'],
    ['del /q x 2>nul & rd /s /q data', 'rm -f -- x x/* 2>/dev/null ; rm -rf -- data'],
    ['call rd /s /q data', 'rm -rf -- data'],
    ['start /b cmd /c rd /s /q data', '(rm -rf -- data)'],
    ['set X=data & rd /s /q %X%', 'export X=data ; rm -rf -- "${X:-%X%}"'],
    // if exist/defined/errorlevel runs what follows (read as run); blocks are not subshells.
    ['if exist build rd /s /q build', 'rm -rf -- build'],
    ['if not exist dist mkdir dist && npm run build', 'mkdir dist && npm run build'],
    ['if exist build (rd /s /q build) else (echo no)', ': ; rm -rf -- build ; : ; echo no'],
    ['call npm run clean', 'npm run clean'],
    ['if "%X%"=="1" rd /s /q data', 'if "%X%"=="1" rd /s /q data'],
    ['npm run build && echo done', 'npm run build && echo done'],
    // Other statements keep their text (read as sh, as before).
    ['dir /s /b *.csproj', 'dir /s /b *.csproj'],
    ['vssadmin delete shadows /all /quiet', 'vssadmin delete shadows /all /quiet'],
    ["bash -c 'echo a && rm -rf data'", "bash -c 'echo a && rm -rf data'"],
    // A for loop is no sh: it can't be parsed (code that can't be seen).
    ['for /d %i in (*) do rd /s /q %i', 'for /d %i in ; * ; do rd /s /q %i'],
    ['echo rd /s /q data', 'echo rd /s /q data'],
  ];
  for (const [cmd, sh] of cases) it(cmd, () => expect(cmdToSh(cmd)).toBe(sh));
  it('delayed expansion (/v:on) reads !NAME!', () => expect(cmdExeText(w('/v:on', '/c', 'rd /s /q !X!'))).toBe('rm -rf -- "${X:-%X%}"'));
});

describe('cmdExeText', () => {
  it('skips switches before /c and runs nothing without /c, /k or /r', () => {
    expect(cmdExeText(w('/d', '/q', '/c', 'rd /s /q data'))).toBe('rm -rf -- data');
    expect(cmdExeText(w('/k', 'rd', '/s', '/q', 'data'))).toBe('rm -rf -- data');
    expect(cmdExeText(w('/d'))).toBeUndefined();
    expect(cmdExeText(w())).toBeUndefined();
  });
  it('quotes a word with blanks as WSL does', () => expect(cmdExeText(w('/c', 'del', 'my file.txt'))).toBe("rm -f -- 'my file.txt' 'my file.txt'/*"));
  it('leaves a word known only at run time to the caller', () => expect(cmdExeText([{ value: '/c', dynamic: false }, { value: '', dynamic: true }])).toBeNull());
});

describe('robocopy', () => {
  it('mirrors as rsync --delete, moves as --remove-source-files, /L lists only', () => {
    expect(robocopyText(w('empty', 'data', '/MIR'))).toBe('rsync -a --delete -- empty/ data/');
    expect(robocopyText(w('empty', 'data', '/purge', '/NFL'))).toBe('rsync -a --delete -- empty/ data/');
    expect(robocopyText(w('data', 'C:\\Temp\\x', '/MOVE', '/E'))).toBe('rsync -a --remove-source-files -- data/ /mnt/c/Temp/x/');
    expect(robocopyText(w('dist', 'dist-copy', '/E'))).toBe('rsync -a -- dist/ dist-copy/');
    expect(robocopyText(w('data', '/tmp/x', '/MOVE'))).toBe(':'); // a / word is a switch to robocopy
    expect(robocopyText(w('empty', 'data', '/MIR', '/L'))).toBe(':');
    expect(cmdToSh('robocopy empty data /MIR')).toBe('rsync -a --delete -- empty/ data/');
  });
  it('leaves a run-time path to the caller', () => expect(robocopyText([{ value: '', dynamic: true }, { value: 'data', dynamic: false }])).toBeUndefined());
});
