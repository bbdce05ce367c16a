// Fails when the generated API types are stale: compares the committed
// file with a fresh generation, then removes the fresh copy.
import { readFileSync, rmSync } from "node:fs";

const [committed, fresh] = process.argv.slice(2);
const same = readFileSync(committed, "utf8") === readFileSync(fresh, "utf8");
rmSync(fresh);
if (!same) {
  console.error(`${committed} is stale: run \`npm run gen:api\` in web/ and commit the result.`);
  process.exit(1);
}
