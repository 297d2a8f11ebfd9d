import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { keyIdOf } from '@ledger/verification';
import { LedgerConfig } from '../config/config';
import { LEDGER_CONFIG } from '../config/tokens';

/** An Ed25519 private key with its id and where it came from. */
export interface KeyMaterial {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  /** `LEDGER_SIGNING_KEY`, or the path of the key file. */
  readonly source: string;
  /** True when this process generated the key file just now (it did not exist). */
  readonly generated: boolean;
}

export const signingKeyFile = (dataDir: string) => join(dataDir, 'signing-key.pem');

export function keyMaterial(pem: string, source: string, generated = false): KeyMaterial {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), source, generated };
}

/** The configured key (LEDGER_SIGNING_KEY, else the data directory's file); undefined when there is none. */
export function readSigningKey(
  config: Pick<LedgerConfig, 'signingKey' | 'dataDir'>,
): KeyMaterial | undefined {
  if (config.signingKey) return keyMaterial(config.signingKey, 'LEDGER_SIGNING_KEY');
  const file = signingKeyFile(config.dataDir);
  return existsSync(file) ? keyMaterial(readFileSync(file, 'utf8'), file) : undefined;
}

export function publicPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }) as string;
}

/**
 * The ledger's Ed25519 signing key: LEDGER_SIGNING_KEY when set, else a key generated once into the data
 * directory (`signing-key.pem`, readable by its owner only) and used from then on. Several API processes
 * must share one key: set LEDGER_SIGNING_KEY for them all. Whether it is the key the ledger's heads are
 * signed by is checked at start-up (key-check.ts), before the process listens.
 */
@Injectable()
export class SigningKey implements KeyMaterial {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly source: string;
  readonly generated: boolean;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    const key = readSigningKey(config) ?? create(config.dataDir);
    this.privateKey = key.privateKey;
    this.publicKey = key.publicKey;
    this.keyId = key.keyId;
    this.source = key.source;
    this.generated = key.generated;
  }

  get publicKeyPem(): string {
    return publicPem(this.publicKey);
  }

  /**
   * Removes the file this process generated, so that a refused start leaves the data directory as the
   * operator restored it (no stray key to be mistaken for the ledger's own in the next backup).
   */
  discardGenerated(): void {
    if (this.generated) rmSync(this.source, { force: true });
  }
}

function create(dataDir: string): KeyMaterial {
  const file = signingKeyFile(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return keyMaterial(pem, file, true);
  } catch (error) {
    // Another process created it first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return keyMaterial(readFileSync(file, 'utf8'), file);
    throw error;
  }
}
