// Kept apart from wrappers.ts so the fast path (dist/fast.cjs) loads only this table.

/** npx/bunx/dlx name a package; the program run is its bin. `prisma@5` -> prisma. */
// No prototype: a word like `__proto__` or `constructor` looked up here is no package.
export const PACKAGE_BINS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  '@railway/cli': 'railway', 'aws-cdk': 'cdk', 'netlify-cli': 'netlify', 'firebase-tools': 'firebase', '@google-cloud/cli': 'gcloud',
  'wrangler': 'wrangler', 'heroku': 'heroku', '@nestjs/cli': 'nest', 'sequelize-cli': 'sequelize', 'typeorm': 'typeorm',
  '@mikro-orm/cli': 'mikro-orm', 'drizzle-kit': 'drizzle-kit', 'supabase': 'supabase', 'vercel': 'vercel', 'prisma': 'prisma',
  'trash-cli': 'trash', 'dotenv-cli': 'dotenv', 'hasura-cli': 'hasura',
  // The amazon/aws-cli container image, whose entrypoint is aws (parse/containers.ts).
  'aws-cli': 'aws',
  // Python packages whose program has another name (`pipx run awscli`, `uvx --from ...`, `uvx awscli`).
  'awscli': 'aws', 'aws-sam-cli': 'sam', 'awsebcli': 'eb', 'azure-cli': 'az', 'snowflake-cli': 'snow', 'snowflake-cli-labs': 'snow',
  'databricks-cli': 'databricks', 'dbt-core': 'dbt', 'httpie': 'http', 'b2': 'b2', 'oci-cli': 'oci', 'linode-cli': 'linode-cli',
  // TypeScript runners take node's -e/-p and run files as node does: their code is read as node's.
  'tsx': 'node', 'ts-node': 'node', 'esno': 'node',
  // Coding agents' CLIs (rulesets/agents.yaml): `npx @anthropic-ai/claude-code -p ...` runs claude.
  '@anthropic-ai/claude-code': 'claude', '@google/gemini-cli': 'gemini', '@qwen-code/qwen-code': 'qwen', 'opencode-ai': 'opencode',
  '@sourcegraph/amp': 'amp', '@github/copilot': 'copilot', '@charmland/crush': 'crush',
  // The quick reject splits a scoped name at `/`: its last part leads to the bin as well.
  'claude-code': 'claude', 'gemini-cli': 'gemini', 'qwen-code': 'qwen',
});

