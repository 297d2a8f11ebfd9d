import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme) through the `canonicalize` library, by one of the RFC's
 * authors. RFC 8785 forbids unpaired surrogates (they have no UTF-8 form), which JSON.stringify would
 * silently escape, so strings are checked first. The API rejects such input long before it gets here.
 */
export function canonicalJson(value: unknown): string {
  assertWellFormed(value);
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

function assertWellFormed(value: unknown): void {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new TypeError('value contains an unpaired surrogate');
  } else if (Array.isArray(value)) {
    value.forEach(assertWellFormed);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      assertWellFormed(key);
      assertWellFormed(inner);
    }
  }
}
