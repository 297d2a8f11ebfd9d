import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '@ledger/event-store';
import { KeyRotation } from '@ledger/verification';
import { DataSource } from 'typeorm';
import { ConfigError, LedgerConfig, loadConfig } from '../../config/config';
import { typeOrmOptions } from '../../database/data-source';
import { ROTATE_COMMAND } from '../key-check';
import { KeyMaterial, keyMaterial, publicPem, readSigningKey } from '../signing-key';
import { NewKeyHome, dataDirHome, operatorFileHome } from './key-files';
import { RotationRefused, planRotation } from './plan';
import { rotationReport } from './report';
import { recordRotation } from './record';

export const USAGE = `${ROTATE_COMMAND} -- [--new-key FILE] [--out FILE] [--old-key-lost]

  Replaces the ledger's Ed25519 signing key and records the rotation in the ledger's database, signed
  by the old key, so that partners' \`npx ledger verify\` follows it on its own. Uses the service's
  configuration (DATABASE_URL, LEDGER_DATA_DIR, LEDGER_SIGNING_KEY); on the embedded database, stop
  the service first.

  --new-key FILE   the new key (Ed25519, PKCS#8 PEM); default: one is generated
  --out FILE       with LEDGER_SIGNING_KEY set: the file to write the generated key to
  --old-key-lost   the old key is gone for good: record an UNENDORSED rotation; every partner must
                   then compare the new key with you out of band before accepting it

Exit codes: 0 rotated, 1 refused (the message says why), 2 usage.`;

class UsageError extends Error {}

/** The command never serves requests, so it needs no admin key even where the service requires one. */
const NO_ADMIN_KEY = 'rotate-signing-key-serves-no-requests';

interface Options {
  readonly newKeyFile?: string;
  readonly out?: string;
  readonly oldKeyLost: boolean;
  readonly help: boolean;
}

/** Runs the command; resolves to its exit code. */
export async function runRotation(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const options = parse(argv);
    if (options.help) return say(USAGE, 0);
    const config = loadConfig({ ...env, LEDGER_ADMIN_KEY: env.LEDGER_ADMIN_KEY || NO_ADMIN_KEY });
    const newKey = options.newKeyFile ? keyFrom(options.newKeyFile) : generated();
    const home = homeOf(config, options);
    const keys = { oldKey: readSigningKey(config), newKey, oldKeyLost: options.oldKeyLost };
    const rotation = await withDatabase(config, (db) => rotate(db, home, keys));
    const placed = home.commit(rotation.previousKeyId);
    const mode = { embedded: !config.databaseUrl, envKey: config.signingKey !== undefined };
    return say(rotationReport(rotation, placed, mode).join('\n'), 0);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (--help for usage)`, 2);
    const refused = error instanceof RotationRefused || error instanceof ConfigError;
    if (refused) return fail(`Rotation refused: ${error.message}`, 1);
    throw error;
  }
}

interface RotationKeys {
  readonly oldKey: KeyMaterial | undefined;
  readonly newKey: KeyMaterial;
  readonly oldKeyLost: boolean;
}

async function rotate(db: DataSource, home: NewKeyHome, keys: RotationKeys): Promise<KeyRotation> {
  home.prepare(pkcs8(keys.newKey), keys.newKey.keyId);
  try {
    const now = new Date().toISOString();
    const old = keys.oldKey && { keyId: keys.oldKey.keyId, publicKeyPem: publicPem(keys.oldKey.publicKey) };
    const plan = (chain: KeyRotation[], newestHead?: { keyId: string; treeSize: number }) =>
      planRotation({ ...keys, chain, newestHead, now });
    return await recordRotation(db, plan, old);
  } catch (error) {
    home.abandon();
    throw error;
  }
}

function parse(argv: string[]): Options {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'new-key': { type: 'string' },
        out: { type: 'string' },
        'old-key-lost': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    return {
      newKeyFile: values['new-key'],
      out: values.out,
      oldKeyLost: values['old-key-lost'] ?? false,
      help: values.help ?? false,
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function homeOf(config: LedgerConfig, options: Options): NewKeyHome {
  if (!config.signingKey) {
    if (options.out) {
      throw new UsageError(
        '--out is for LEDGER_SIGNING_KEY deployments; without it the new key goes to the data ' +
          "directory's signing-key.pem",
      );
    }
    return dataDirHome(config.dataDir);
  }
  if (options.newKeyFile) return operatorFileHome(options.newKeyFile, true);
  if (!options.out) {
    throw new UsageError(
      'LEDGER_SIGNING_KEY is set, so the new key cannot go to the data directory: name a file ' +
        'for it with --out FILE, or give --new-key FILE',
    );
  }
  if (existsSync(options.out))
    throw new UsageError(`${options.out} exists: name a new file, so no key is ever overwritten`);
  return operatorFileHome(options.out, false);
}

async function withDatabase<T>(config: LedgerConfig, work: (db: DataSource) => Promise<T>): Promise<T> {
  const embedded = config.databaseUrl ? undefined : await openEmbedded(config.dataDir);
  const db = new DataSource(typeOrmOptions(config.databaseUrl ?? embedded!.connectionString, 2));
  try {
    await db.initialize();
    return await work(db);
  } finally {
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
  }
}

/** The service's embedded database, which must exist and must not be in use (it serves one process). */
async function openEmbedded(dataDir: string) {
  if (!existsSync(join(dataDir, 'pgdata'))) {
    throw new RotationRefused(
      `there is no embedded database in ${dataDir}: set LEDGER_DATA_DIR (or DATABASE_URL) ` +
        'as the service has it',
    );
  }
  return startEmbeddedPostgres({ dataDir }).catch((error: Error) => {
    throw new RotationRefused(
      `${error.message}. The embedded database serves one process at a time: stop the ` +
        'service, then rotate',
    );
  });
}

function keyFrom(file: string): KeyMaterial {
  let key: KeyMaterial;
  try {
    key = keyMaterial(readFileSync(file, 'utf8'), file);
  } catch (error) {
    throw new UsageError(`--new-key ${file}: ${(error as Error).message}`);
  }
  if (key.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new UsageError(
      `--new-key ${file} is not an Ed25519 private key (openssl genpkey -algorithm ed25519)`,
    );
  }
  return key;
}

function generated(): KeyMaterial {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return keyMaterial(pem, 'generated');
}

const pkcs8 = (key: KeyMaterial) => key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

function say(text: string, code: number): number {
  process.stdout.write(`${text}\n`);
  return code;
}

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}
