/** `npm run chaos`: one chaos soak, a one-screen summary, the JSON verdict as the last line; exit 1 on any violation. */
import { randomInt } from 'node:crypto';
import { parseChaosArgs, USAGE } from './options';
import { runChaos } from './orchestrator';
import { formatSummary } from './summary';

async function main(): Promise<number> {
  let options;
  try {
    options = parseChaosArgs(process.argv.slice(2), () => randomInt(1, 2 ** 31));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    console.log(USAGE);
    return 0;
  }
  console.log(`chaos: seed ${options.seed} (rerun the same run with --seed ${options.seed}); running...`);
  const result = await runChaos(options, (line) => console.error(line));
  console.log(formatSummary(result));
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
