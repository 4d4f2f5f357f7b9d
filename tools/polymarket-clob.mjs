// Signs orders and builds CLOB auth headers with the official Polymarket
// CLOB V2 TypeScript client, for the Go tests to compare byte for byte:
// node polymarket-clob.mjs < CASES_JSON
// CASES_JSON is a list of {"kind": "order" | "l1" | "l2", ...}; prints one
// JSON list with a result (or {"error"}) per case. Date.now and
// Math.random are pinned per case so the client's own salt and timestamp
// code yields the case's values.
import { OrderBuilder, createL1Headers, createL2Headers, getContractConfig, orderToJsonV2 } from "@polymarket/clob-client-v2";
import { ExchangeOrderBuilderV2, ExchangeOrderBuilderV3 } from "./node_modules/@polymarket/clob-client-v2/dist/order-utils/exchangeOrderBuilderV2.js";
import { Wallet } from "@ethersproject/wallet";
import { _TypedDataEncoder } from "@ethersproject/hash";

const input = JSON.parse(await new Promise((resolve) => {
  let s = "";
  process.stdin.on("data", (d) => (s += d));
  process.stdin.on("end", () => resolve(s));
}));

const realNow = Date.now;
const realRandom = Math.random;
function pin(ts, salt) {
  Date.now = () => ts;
  Math.random = () => salt / ts; // generateOrderSalt: Math.round(random * now)
}
function unpin() {
  Date.now = realNow;
  Math.random = realRandom;
}

async function order(c) {
  const wallet = new Wallet(c.key);
  pin(c.timestamp, c.salt);
  try {
    const ob = new OrderBuilder(wallet, c.chainId, c.signatureType, c.funder || undefined);
    const user = { tokenID: c.tokenID, side: c.side, price: Number(c.price), metadata: c.metadata, builderCode: c.builder };
    let signed;
    if (c.market) {
      signed = await ob.buildMarketOrder({ ...user, amount: Number(c.size) }, { tickSize: c.tickSize, negRisk: c.negRisk }, c.version);
    } else {
      if (c.expiration) user.expiration = Number(c.expiration);
      signed = await ob.buildOrder({ ...user, size: Number(c.size) }, { tickSize: c.tickSize, negRisk: c.negRisk }, c.version);
    }
    const cfg = getContractConfig(c.chainId);
    const exchange = c.version === 3 ? cfg.exchangeV3 : c.negRisk ? cfg.negRiskExchangeV2 : cfg.exchangeV2;
    const B = c.version === 3 ? ExchangeOrderBuilderV3 : ExchangeOrderBuilderV2;
    const eb = new B(exchange, c.chainId, wallet);
    const hash = eb.buildOrderHash(eb.buildOrderTypedData(signed));
    const body = JSON.stringify(orderToJsonV2(signed, c.owner, c.orderType, c.postOnly));
    return { order: signed, hash, body };
  } finally {
    unpin();
  }
}

async function l1(c) {
  const wallet = new Wallet(c.key);
  const h = await createL1Headers(wallet, c.chainId, c.nonce, c.timestamp);
  const hash = _TypedDataEncoder.hash(
    { name: "ClobAuthDomain", version: "1", chainId: c.chainId },
    { ClobAuth: [
      { name: "address", type: "address" },
      { name: "timestamp", type: "string" },
      { name: "nonce", type: "uint256" },
      { name: "message", type: "string" },
    ] },
    { address: wallet.address, timestamp: `${c.timestamp}`, nonce: c.nonce, message: "This message attests that I control the given wallet" },
  );
  return { headers: h, hash };
}

async function l2(c) {
  const wallet = new Wallet(c.key);
  const args = { method: c.method, requestPath: c.requestPath };
  if (c.body !== undefined && c.body !== null) args.body = c.body;
  return { headers: await createL2Headers(wallet, c.creds, args, c.timestamp) };
}

const out = [];
for (const c of input) {
  try {
    if (c.kind === "order") out.push(await order(c));
    else if (c.kind === "l1") out.push(await l1(c));
    else if (c.kind === "l2") out.push(await l2(c));
    else out.push({ error: `unknown kind ${c.kind}` });
  } catch (e) {
    out.push({ error: String(e?.message ?? e) });
  }
}
console.log(JSON.stringify(out));
