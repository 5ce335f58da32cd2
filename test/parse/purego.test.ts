// A Go file the line writes then runs: pure when every import is a standard package that can't
// reach files, processes or the network; anything else is code the line writes (pause).
import { describe, expect, it } from 'vitest';
import { pureGo } from '../../src/parse/runtime.js';

describe('pureGo', () => {
  it.each([
    'package main\nimport "fmt"\nfunc main() { fmt.Println("hi") }',
    'package main\nimport (\n  "fmt"\n  "strings"\n)\nfunc main() { fmt.Println(strings.ToUpper("x")) }',
    'package main\nimport f "fmt"\nfunc main() { f.Println(1) }',
    'package main\nfunc main() { println(1) }',
    'package store\nimport "testing"\nfunc TestOpen(t *testing.T) { dir := t.TempDir(); s, err := Open(dir + "/test.db"); if err != nil { t.Fatal(err) }; defer s.Close() }',
    'package store\nimport (\n  "context"\n  "sync"\n  "testing"\n)\nfunc TestX(t *testing.T) { var wg sync.WaitGroup; _ = context.Background(); wg.Wait() }',
    'package api\nimport (\n  "testing"\n\n  "github.com/stretchr/testify/require"\n)\nfunc TestHealth(t *testing.T) { require.Equal(t, "ok", Health()) }',
  ])('pure: %s', (src) => expect(pureGo(src)).toBe(true));
  it.each([
    'package main\nimport "os"\nfunc main() { os.RemoveAll("data") }',
    'package main\nimport (\n  "fmt"\n  "os/exec"\n)\nfunc main() { exec.Command("rm", "-rf", "data").Run(); fmt.Println() }',
    'package main\nimport ("net/http";"strings")\nfunc main(){ http.Post("https://x", "", strings.NewReader("")) }',
    'package main\nimport `os`\nfunc main() { os.Remove("data/db.sqlite") }',
    'package main\nimport "C"\nfunc main() {}',
    'package main\nimport _ "unsafe"\n//go:linkname f os.RemoveAll\nfunc f(string) error\nfunc main() { f("data") }',
    'package main\nimport "database/sql"\nfunc main() { sql.Open("pgx", "") }',
    'package store\nimport (\n  "os"\n  "testing"\n)\nfunc TestX(t *testing.T) { os.RemoveAll("data") }',
    'package store\nimport (\n  "net/http/httptest"\n  "testing"\n)\nfunc TestX(t *testing.T) { _ = httptest.NewRequest("DELETE", "https://api.example.com/v1/db", nil) }',
    'package store\nimport (\n  "os/exec"\n  "testing"\n)\nfunc TestX(t *testing.T) { exec.Command("rm", "-rf", "data").Run() }',
    'package api\nimport (\n  "os"\n  "testing"\n\n  "github.com/stretchr/testify/require"\n)\nfunc TestX(t *testing.T) { require.NoError(t, os.RemoveAll("data")) }',
    'package api\nimport (\n  "testing"\n\n  "github.com/stretchr/testify/suite"\n)\nfunc TestX(t *testing.T) { suite.Run(t, nil) }',
  ])('not pure: %s', (src) => expect(pureGo(src)).toBe(false));
});
