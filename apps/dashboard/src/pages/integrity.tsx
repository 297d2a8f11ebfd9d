import { useState } from 'preact/hooks';
import type { Me } from '../api';
import { Pending } from '../components/status';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';
import { checkIntegrity, IntegrityReport } from '../verify/integrity';
import { forgetPinnedKey } from '../verify/pinned-key';

/** The checks run in this browser, with their verdict first: green when verified, plainly red when not. */
export function IntegrityTab({ me, id, clocks }: { me: Me; id: string; clocks: Clocks }) {
  const [run, setRun] = useState(0);
  const report = useAnswer(() => checkOrSay(me, id, clocks), [me, id, clocks.asOf, clocks.atPosition, run]);
  return (
    <section aria-labelledby="integrity-title">
      <h2 id="integrity-title">Integrity</h2>
      <p class="muted">
        Checked here, in your browser, with its own cryptography (Web Crypto): nothing below takes the
        server’s word for it.
      </p>
      <Pending answer={report} what="the integrity checks">
        {(data) => <Report report={data} />}
      </Pending>
      <p>
        <button type="button" onClick={() => setRun(run + 1)}>
          Check again
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            const sure = window.confirm(
              'Forget the ledger key pinned in this browser? The next check trusts whatever key the server ' +
                'sends. Do it only after checking the key rotation (GET /v1/ledger/key-rotations, or npx ledger).',
            );
            if (!sure) return;
            forgetPinnedKey();
            setRun(run + 1);
          }}
        >
          Forget the pinned ledger key
        </button>
      </p>
    </section>
  );
}

/** A check that could not run (the API refused, a malformed answer) is a failed check, said as such. */
async function checkOrSay(me: Me, id: string, clocks: Clocks): Promise<IntegrityReport> {
  try {
    return await checkIntegrity(me, id, clocks);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      verified: false,
      contentChecked: false,
      position: clocks.atPosition ?? 0,
      checks: [{ name: 'Checks', state: 'failed', detail }],
    };
  }
}

function Report({ report }: { report: IntegrityReport }) {
  const { head } = report;
  return (
    <>
      <p
        class={`verdict ${report.verified ? 'good' : 'bad'}`}
        role="status"
        data-verified={String(report.verified)}
      >
        {report.verified && report.contentChecked
          ? `Verified: the figures on screen (ledger position ${report.position}) are in the signed tree head below.`
          : report.verified
            ? `Verified: the ledger’s leaf at position ${report.position}, which the figures on screen reflect, is in the signed tree head below (this key reads no events, so the event itself was not hashed here).`
            : 'NOT verified: a check below failed. Do not rely on these figures until it is explained.'}
      </p>
      {head && (
        <dl class="definition" data-head={head.treeSize}>
          <dt>Tree size</dt>
          <dd>{head.treeSize}</dd>
          <dt>Root hash</dt>
          <dd>
            <code>{head.rootHash}</code>
          </dd>
          <dt>Signed at</dt>
          <dd>{head.timestamp}</dd>
          <dt>Signing key</dt>
          <dd>{head.keyId}</dd>
          <dt>Countersignatures</dt>
          <dd>
            {head.cosignatures.length === 0 ? 'none' : head.cosignatures.map((c) => c.orgId).join(', ')}
          </dd>
        </dl>
      )}
      <table class="data checks">
        <caption>Checks</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((c) => (
            <tr data-check={c.name} data-state={c.state}>
              <th scope="row">{c.name}</th>
              <td class={c.state === 'verified' ? 'good' : c.state === 'failed' ? 'bad' : 'muted'}>
                {c.state === 'verified' ? '✓ verified' : c.state === 'failed' ? '✗ FAILED' : 'not checked'}
              </td>
              <td>{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
