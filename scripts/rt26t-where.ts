// Red team 26's "where" measure: scripts/where.ts. `npx tsx scripts/rt26t-where.ts FILE.yaml … [--all]`
await import('./where.js');
