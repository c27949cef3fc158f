// The demo server's command line: `tsx src/main.ts --port 3000 --db ./data/demo.db [fault flags]`.
import { parseCliArgs, USAGE } from './cli-args';
import { startDemoServer } from './demo-server';

const command = parseCliArgs(process.argv.slice(2));
if (command.kind === 'help') {
  process.stdout.write(USAGE);
} else if (command.kind === 'error') {
  process.stderr.write(`${command.message}\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  const server = await startDemoServer(command.options);
  const faults = server.faults();
  console.log(`demo-server listening on ${server.url}`);
  console.log(`database ${server.dbPath}; faults ${JSON.stringify(faults)}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`demo-server: ${signal}, closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
