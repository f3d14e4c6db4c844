// Runs the Mini App's fairness.js on cases read from stdin (JSON) and prints the results (JSON) for FairnessScriptTest.
import { pathToFileURL } from "node:url";

const { draw, verify, hexToBytes } = await import(pathToFileURL(process.argv[2]).href);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { draws, verifications } = JSON.parse(input);
const out = { draws: [], verifications: [] };
for (const c of draws) {
  const r = await draw({ ...c, seed: hexToBytes(c.seed), beacon: hexToBytes(c.beacon) });
  out.draws.push({
    ticketsHash: r.ticketsHash,
    drawKey: r.drawKey,
    places: r.places.map((p) => (p === null ? null : p.ticket.toString())),
  });
}
for (const v of verifications) {
  const r = await verify(v);
  out.verifications.push({ ok: r.ok, check: r.check || null });
}
process.stdout.write(JSON.stringify(out));
