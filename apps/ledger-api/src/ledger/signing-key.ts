import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { keyIdOf } from '@ledger/verification';
import { LedgerConfig } from '../config/config';
import { LEDGER_CONFIG } from '../config/tokens';

/**
 * The ledger's Ed25519 signing key: LEDGER_SIGNING_KEY when set, else a key generated once into the data
 * directory (`signing-key.pem`, readable by its owner only) and used from then on. Several API processes
 * must share one key: set LEDGER_SIGNING_KEY for them all.
 */
@Injectable()
export class SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.privateKey = createPrivateKey(config.signingKey ?? loadOrCreate(config.dataDir));
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }
}

function loadOrCreate(dataDir: string): string {
  const file = join(dataDir, 'signing-key.pem');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    // Another process created it first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw error;
  }
}
