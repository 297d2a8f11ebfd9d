import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { parseTimestamp } from '@ledger/domain';
import { CliError, Client, LedgerEvent } from './client';
import { exportEvents } from './export';
import { offlineDataQuality } from './data-quality';
import { offlineForecast } from './forecast';
import { offlineKpis } from './kpis';
import { offlinePartnerScores } from './partner-scores';
import { offlineScenario } from './scenario';
import { verifyLedger } from './verify';

const USAGE = `ledger — the auditor's tool for Partnership Ledger

  ledger export --url URL --key KEY [--from-position N] [--out FILE]
      every event the key may read, as NDJSON in position order: the whole ledger up to the current head
      (auditor, admin) or every version of the key's partnerships (partner); fails (exit 1, nothing
      written) when the server's pages skip a position or a version
  ledger verify --url URL --key KEY --state FILE [--export FILE [--tree-size N] [--from-position N]]
                [--public-key FILE] [--accept-key KEYID]
      check the signed head against the pinned key and the head saved in FILE (consistency proof),
      then save the new head; with --export, recompute every leaf, check the export is complete at the
      head (a whole-ledger export: every position 1..treeSize, proven by the root; a partner's: every
      version of each partnership up to its version at the head) and prove it (root or inclusion proofs).
      --tree-size N checks an export made earlier against the signed head of size N (proven consistent
      with the current one); --from-position N, one exported with --from-position N.
      A head signed by a new key is accepted when the ledger's key rotations lead there from the pinned
      key, each signed by the key before; the new key is then pinned. --accept-key accepts a rotation the
      old key could not sign (it was lost), after you compared KEYID with the operator out of band
  ledger kpis --export FILE --partnership ID [--asOf ISO] [--atPosition N]
      recompute a partnership's KPIs offline, with the snapshotHash the server gives
  ledger data-quality --export FILE --partnership ID [--asOf ISO] [--atPosition N]
      recompute a partnership's data-quality answer offline: the bytes GET …/data-quality answers with
      for the same asOf and atPosition (one line of JSON)
  ledger forecast --export FILE --partnership ID --kpi KPI [--period month|quarter] [--horizon 1-12]
                  [--method auto|naive|mean|drift|linear|holt|seasonal_naive] [--asOf ISO] [--atPosition N]
      recompute a KPI's forecast offline: the bytes GET …/kpis/KPI/forecast answers with for the same
      query (one line of JSON; defaults: month, a year ahead, auto)
  ledger scenario --export FILE --partnership ID --name NAME [--period month|quarter] [--horizon 1-12]
                  [--asOf ISO] [--atPosition N]
      recompute a scenario's projection offline: the bytes GET …/scenarios/NAME/projection answers with
      for the same query (one line of JSON; defaults: quarter, a year ahead)
  ledger partner-scores --export FILE [--asOf ISO] [--atPosition N]
      recompute the program's partner scores offline from a whole-ledger export: the bytes
      GET /v1/partner-scores answers with for the same asOf and atPosition (default: the export's last)

Exit codes: 0 ok, 1 verification failed, 2 usage or connection error.
URL and KEY may also come from LEDGER_URL and LEDGER_KEY.`;

/** Runs one command; resolves to the process exit code. */
export async function run(argv: string[]): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        'from-position': { type: 'string' },
        out: { type: 'string' },
        state: { type: 'string' },
        export: { type: 'string' },
        'tree-size': { type: 'string' },
        'public-key': { type: 'string' },
        'accept-key': { type: 'string' },
        partnership: { type: 'string' },
        asOf: { type: 'string' },
        atPosition: { type: 'string' },
        kpi: { type: 'string' },
        period: { type: 'string' },
        horizon: { type: 'string' },
        method: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    const command = positionals[0];
    if (values.help || !command) {
      say(USAGE);
      return command || values.help ? 0 : 2;
    }
    if (command === 'partner-scores') {
      const asOf = timestampOf(values.asOf);
      const atPosition = optionalInt(values.atPosition, '--atPosition');
      say(JSON.stringify(await offlinePartnerScores(need(values.export, '--export'), asOf, atPosition)));
      return 0;
    }
    if (['kpis', 'data-quality', 'forecast', 'scenario'].includes(command)) {
      const asOf = timestampOf(values.asOf);
      const args = [
        need(values.export, '--export'),
        need(values.partnership, '--partnership'),
        asOf,
        optionalInt(values.atPosition, '--atPosition'),
      ] as const;
      // Data quality, forecasts and scenarios are printed as the server sends them (JSON.stringify of the
      // same object).
      if (command === 'forecast') say(JSON.stringify(await forecastOf(values, ...args)));
      else if (command === 'scenario') say(JSON.stringify(await scenarioOf(values, ...args)));
      else if (command === 'data-quality') say(JSON.stringify(await offlineDataQuality(...args)));
      else say(JSON.stringify(await offlineKpis(...args), null, 2));
      return 0;
    }
    const url = need(values.url ?? process.env.LEDGER_URL, '--url');
    const client = new Client(url, need(values.key ?? process.env.LEDGER_KEY, '--key'));
    if (command === 'export') {
      const from = optionalInt(values['from-position'], '--from-position') ?? 1;
      const { events, treeSize } = await exportEvents(client, from);
      await writeExport(values.out, events);
      const at = treeSize === undefined ? '' : ` (the ledger at tree size ${treeSize})`;
      process.stderr.write(`exported ${events.length} events${at}\n`);
      return 0;
    }
    if (command === 'verify') {
      const options = {
        stateFile: need(values.state, '--state'),
        exportFile: values.export,
        publicKeyFile: values['public-key'],
        acceptKey: values['accept-key'],
        treeSize: optionalInt(values['tree-size'], '--tree-size'),
        fromPosition: optionalInt(values['from-position'], '--from-position'),
      };
      await verifyLedger(client, url, options, say);
      say('ok');
      return 0;
    }
    throw new CliError(`unknown command ${command}\n\n${USAGE}`);
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 2;
    process.stderr.write(
      `${exitCode === 1 ? 'VERIFICATION FAILED: ' : 'error: '}${(error as Error).message}\n`,
    );
    return exitCode;
  }
}

/** Written only once the whole export is read and checked: a failed export leaves no partial file. */
async function writeExport(file: string | undefined, events: readonly LedgerEvent[]): Promise<void> {
  const out = file ? createWriteStream(file) : process.stdout;
  for (const e of events) if (!out.write(`${JSON.stringify(e)}\n`)) await once(out, 'drain');
  if (!file) return;
  out.end();
  await finished(out);
}

function forecastOf(
  values: { kpi?: string; period?: string; method?: string; horizon?: string },
  file: string,
  partnershipId: string,
  asOf: string,
  atPosition: number | undefined,
) {
  const { period, method, horizon } = values;
  const options = { kpiId: need(values.kpi, '--kpi'), period, method, horizon, asOf, atPosition };
  return offlineForecast(file, partnershipId, options);
}

function scenarioOf(
  values: { name?: string; period?: string; horizon?: string },
  file: string,
  partnershipId: string,
  asOf: string,
  atPosition: number | undefined,
) {
  const { period, horizon } = values;
  const options = { name: need(values.name, '--name'), period, horizon, asOf, atPosition };
  return offlineScenario(file, partnershipId, options);
}

/** --asOf as given (now when absent), refused unless a timestamp with a time zone. */
function timestampOf(value: string | undefined): string {
  const asOf = value ?? new Date().toISOString();
  if (!parseTimestamp(asOf)) throw new CliError('--asOf must be an ISO-8601 timestamp with a time zone');
  return asOf;
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new CliError(`${flag} is required (ledger --help)`);
  return value;
}

function optionalInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a whole number`);
  return Number(value);
}
