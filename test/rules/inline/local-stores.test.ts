import { describe, expect, it } from 'vitest';
import { localStoresOnly } from '../../../src/rules/inline/local-stores.js';

// The one fact both vector/ORM rules and the SDK sink read: every store client is on this machine.
describe('localStoresOnly', () => {
  it.each([
    "import chromadb; c=chromadb.EphemeralClient(); c.delete_collection('docs')",
    "from qdrant_client import QdrantClient; QdrantClient(':memory:').delete_collection('x')",
    "from qdrant_client import QdrantClient; QdrantClient(location=':memory:').delete_collection('x')",
    "from qdrant_client import QdrantClient; QdrantClient(url='http://localhost:6333').delete_collection('x')",
    "from qdrant_client import QdrantClient; QdrantClient(host='127.0.0.1', port=6333).delete_collection('x')",
    "from pymilvus import MilvusClient; MilvusClient(uri='http://localhost:19530').drop_collection('x')",
    "import lancedb; lancedb.connect('/tmp/lance').drop_table('t')",
  ])('local: %s', (code) => expect(localStoresOnly(code)).toBe(true));

  it.each([
    // A second client elsewhere, a client on a name, the environment, reflection, another store.
    "from qdrant_client import QdrantClient; QdrantClient(url='http://localhost:6333'); QdrantClient(url='https://q.prod').delete_collection('x')",
    "from qdrant_client import QdrantClient; QdrantClient(url='http://localhost.evil.example').delete_collection('x')",
    "import os; from qdrant_client import QdrantClient; QdrantClient(os.environ['U']).delete_collection('x')",
    "from qdrant_client import QdrantClient; u='http://localhost:6333'; QdrantClient(url=u).delete_collection('x')",
    "import chromadb; chromadb.EphemeralClient(); chromadb.HttpClient(host='chroma.prod').delete_collection('docs')",
    "import chromadb, meilisearch; chromadb.EphemeralClient(); meilisearch.Client('https://ms.prod','k').delete_index('products')",
    "import chromadb, pymongo; chromadb.EphemeralClient(); pymongo.MongoClient('mongodb://prod').app.drop_collection('users')",
    "import chromadb, requests; chromadb.EphemeralClient(); requests.delete('https://api.prod/v1/collections/docs')",
    "import lancedb; lancedb.connect('/tmp/../srv/lancedb').drop_table('documents')",
    "import lancedb; lancedb.connect('/tmp/x'); lancedb.connect('data/lancedb').drop_table('documents')",
    "import weaviate; weaviate.connect_to_local().collections.delete_all()",
    "import chromadb; getattr(chromadb, 'Http'+'Client')(host='prod').delete_collection('docs')",
    "print('no client at all')",
  ])('not local: %s', (code) => expect(localStoresOnly(code)).toBe(false));
});
