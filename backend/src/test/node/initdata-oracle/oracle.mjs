// The independent side of InitDataOracleTest: signs Telegram Mini App initData with @telegram-apps/init-data-node
// (not our code), and says whether that package accepts each variant the test makes of it.
//
// stdin:  {"cases": [{"name", "token", "authDate", "data": {...}}],
//          "thirdParty": [{"name", "botId", "authDate", "fields": {...}}]}
//   data: the package's sign() input (objects such as user and chat as JSON objects)
//   fields: query fields as strings (JSON text for user and chat)
// stdout: {"cases": [{"name", "initData", "valid"}], "checks": [...],
//          "thirdParty": {"publicKey": hex, "signed": [{"name", "initData", "checkString"}]}}
//
// Third-party initData is signed by Telegram's private key, which nobody else has. So the test makes its own Ed25519
// key: the package builds the data-check string (its validate3rd is run with crypto.subtle.verify captured), and
// Node's own crypto signs it. The backend, given that key, must accept exactly what the package would.
import { sign, validate, validate3rd } from "@telegram-apps/init-data-node";
import { generateKeyPairSync, sign as edSign } from "node:crypto";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (c) => (text += c));
  process.stdin.on("end", () => resolve(text));
}));

function accepts(initData, token) {
  try {
    validate(initData, token, { expiresIn: 0 });
    return true;
  } catch (e) {
    return false;
  }
}

const cases = input.cases.map((c) => {
  const initData = sign(c.data, c.token, new Date(c.authDate * 1000));
  return { name: c.name, initData, valid: accepts(initData, c.token) };
});

// Variants made by the Java side (tampered ones): does the package accept them?
const checks = (input.checks || []).map((c) => ({ name: c.name, valid: accepts(c.initData, c.token) }));

const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const publicKeyHex = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url").toString("hex");

async function checkString(query, botId) {
  const subtle = globalThis.crypto.subtle;
  const verify = subtle.verify;
  let captured = null;
  subtle.verify = async (algorithm, key, signature, data) => {
    captured = Buffer.from(data).toString("utf8");
    return true;
  };
  try {
    await validate3rd(query, botId, { expiresIn: 0 });
  } finally {
    subtle.verify = verify;
  }
  return captured;
}

const signed = [];
for (const c of input.thirdParty || []) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(c.fields)) params.append(k, v);
  params.append("auth_date", String(c.authDate));
  params.append("signature", "placeholder");
  params.append("hash", "0".repeat(64));
  const check = await checkString(params.toString(), c.botId);
  const signature = edSign(null, Buffer.from(check, "utf8"), privateKey).toString("base64url");
  params.set("signature", signature);
  signed.push({ name: c.name, initData: params.toString(), checkString: check });
}

process.stdout.write(JSON.stringify({ cases, checks, thirdParty: { publicKey: publicKeyHex, signed } }));
