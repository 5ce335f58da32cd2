// One fact, read by the vector/ORM rules (`local-stores: true` under `not:`) and by the SDK sink:
// python code whose every store client lives and dies with the process (chroma's EphemeralClient,
// qdrant's :memory:, lancedb under /tmp) or is a Qdrant/Milvus client on a literal localhost URL
// (the local container, as a curl DELETE to localhost is). Anything else in the code that could
// reach another store, read the environment or build names at run time makes the fact false.

const LOCALHOST_URL = String.raw`['"](:memory:|(https?://)?(localhost|127\.0\.0\.1)(:\d+)?/?)['"]`;
const EXTRA_KW = String.raw`(\s*,\s*(port|grpc_port|prefer_grpc|timeout)\s*=\s*[\w.]+)*\s*`;
/** A client constructor whose store is on this machine. */
const LOCAL_CLIENT = new RegExp(
  String.raw`\bEphemeralClient\(\s*\)|\b(QdrantClient|MilvusClient)\(\s*((location|url|uri|host)\s*=\s*)?${LOCALHOST_URL}${EXTRA_KW}\)|\blancedb\.connect\(\s*['"]/tmp/(?![^'"]*\.\.)[^'"]*['"]\s*\)`,
  'g',
);
/** Every constructor or connect call of a store client (local or not). */
const ANY_CLIENT = /\b(EphemeralClient|PersistentClient|HttpClient|AsyncHttpClient|CloudClient|Client|QdrantClient|AsyncQdrantClient|MilvusClient|AsyncMilvusClient)\(|\blancedb\.connect(_async)?\(|\bconnect_to_\w+\(/g;
/** Other stores, the environment, reflection: the code may act elsewhere. */
const ELSEWHERE = /\b(pymongo|motor|mongoengine|redis|connections\s*\.\s*connect|Collection|os|environ|getenv|subprocess|__import__|importlib|getattr|eval|exec|pinecone|weaviate|typesense|algoliasearch|meilisearch|elasticsearch|opensearchpy|sqlalchemy|django|psycopg2?|pymysql|requests|httpx|urllib)\b/;

/** True when the code opens at least one store client and every one is on this machine. */
export function localStoresOnly(code: string): boolean {
  if (ELSEWHERE.test(code)) return false;
  const local = [...code.matchAll(LOCAL_CLIENT)].length;
  if (local === 0) return false;
  // Each local constructor also counts once as "any client"; a remote one makes the counts differ.
  return [...code.matchAll(ANY_CLIENT)].length === local;
}
