// Red team 25's "where" measure: scripts/where.ts with red team 25's team map and no map read from
// the line. `npx tsx scripts/rt25t-where.ts FILE.yaml [more.yaml …] [--all]`
process.argv.push('--rt25');
await import('./where.js');
