import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every document in src/, from the schema a running gateway serves (GATEWAY_URL, default: dev mode's).
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080';

const config: CodegenConfig = {
  schema: `${gateway}/graphql/schema.graphql`,
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      // Imports with .js extensions: the generated code runs in Node (the test) as well as in the browser (Vite).
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, scalars: { DateTime: 'string' } },
      // persisted-documents.json: every document by its SHA-256, the manifest a trusted replica runs
      // (GATEWAY_PERSISTED_DOCUMENTS=trusted); each generated document carries its hash (__meta__.hash).
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
    },
  },
};

export default config;
