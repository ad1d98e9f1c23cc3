/** `npm run yemai -- …` and the `yemai` bin: the admin CLI on the bot's database. */
import { runCli } from './cli/run';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
  cwd: process.cwd(),
});
