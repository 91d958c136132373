// The fault run (scripts/faults sets it up and documents it): the release
// server against its own database, its own Redis, its own mail sink, a
// fake OpenAI and a fake Twilio, each of which is stopped, hung or broken
// in turn while the checks below watch what a buyer would see.
//
// Every check prints one line; the run fails if any check fails.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const E = process.env;
const need = (name) => {
  if (!E[name]) {
    console.error(`faults.mjs: ${name} is not set (run scripts/faults)`);
    process.exit(2);
  }
  return E[name];
};
const BIN = need("FAULTS_BIN");
const SITE = need("FAULTS_SITE");
const DB = need("FAULTS_DATABASE_URL");
const PSQL = need("FAULTS_PSQL");
const LOGS = need("FAULTS_LOGS");
const DATA = need("FAULTS_CATALOG");
const PORT = Number(need("FAULTS_PORT"));
const PG_STOP = E.FAULTS_PG_STOP ?? "";
const PG_START = E.FAULTS_PG_START ?? "";
const SMTP_DOWN_SECS = Number(E.FAULTS_SMTP_DOWN_SECS ?? 60);
const PG_DOWN_SECS = Number(E.FAULTS_PG_DOWN_SECS ?? 5);

const ports = {
  app: PORT,
  openai: PORT + 1,
  openaiControl: PORT + 2,
  redis: PORT + 3,
  smtp: PORT + 4,
  mailWeb: PORT + 5,
  twilio: PORT + 6,
};
const BASE = `http://127.0.0.1:${ports.app}`;
const ORIGIN = { origin: BASE };
const apiKey = "sk-faults-" + crypto.randomBytes(12).toString("hex");
const twilioSid = "AC" + crypto.randomBytes(16).toString("hex");
const twilioToken = crypto.randomBytes(16).toString("hex");
const secretKey = crypto.randomBytes(48).toString("hex");
// Deadlines the checks hold the server to (the configuration below).
const MODEL_TIMEOUT_SECS = 2;
const BREAKER_FAILURES = 3;
const BREAKER_COOLDOWN_SECS = 4;
const SHUTDOWN_TIMEOUT_SECS = 10;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = new Set();
let failures = 0;
const results = [];

function check(name, ok, detail = "") {
  results.push({ name, ok });
  if (!ok) failures++;
  console.log(`${ok ? "  ok  " : "  FAIL"} ${name}${detail ? ` (${detail})` : ""}`);
  return ok;
}

function section(title) {
  console.log(`\n--- ${title}`);
}

function startProcess(name, command, args, env = {}) {
  const log = fs.openSync(path.join(LOGS, `${name}.log`), "a");
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", log, log] });
  children.add(child);
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

async function stopProcess(child, signal = "SIGTERM", waitMs = 15000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const done = await Promise.race([child.exited, sleep(waitMs).then(() => null)]);
  if (!done) child.kill("SIGKILL");
  await child.exited;
}

process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

async function request(url, { method = "GET", headers = {}, body, timeoutMs = 15000 } = {}) {
  const started = performance.now();
  try {
    const response = await fetch(url.startsWith("http") ? url : BASE + url, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, text, headers: response.headers };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, text: String(error), headers: new Headers() };
  }
}

const json = (r) => {
  try {
    return JSON.parse(r.text);
  } catch {
    return null;
  }
};

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(200);
  }
  console.log(`       (gave up waiting for ${what} after ${timeoutMs} ms)`);
  return false;
}

function sql(query) {
  return execFileSync(PSQL, [DB, "-tAc", query], { encoding: "utf8" }).trim();
}

// --- the pieces -----------------------------------------------------------

const redisDir = path.join(LOGS, "redis-data");
fs.mkdirSync(redisDir, { recursive: true });
let redis;
async function redisUp() {
  redis = startProcess("redis", E.FAULTS_REDIS_SERVER ?? "redis-server", [
    "--port", String(ports.redis), "--bind", "127.0.0.1", "--dir", redisDir,
    "--appendonly", "yes", "--appendfsync", "always", "--save", "",
  ]);
  await waitFor("Redis", () => redisPing(), 10000);
}
function redisPing() {
  try {
    return execFileSync(E.FAULTS_REDIS_CLI ?? "redis-cli", ["-p", String(ports.redis), "ping"], { encoding: "utf8" }).trim() === "PONG";
  } catch {
    return false;
  }
}
async function redisDown() {
  await stopProcess(redis, "SIGTERM");
}

let mail;
async function mailUp() {
  mail = startProcess("maildev", E.FAULTS_MAILDEV, [
    "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "-s", String(ports.smtp), "-w", String(ports.mailWeb),
  ]);
  await waitFor("the mail sink", async () => (await request(`http://127.0.0.1:${ports.mailWeb}/api/healthz`)).status === 200, 15000);
}
async function mailDown() {
  await stopProcess(mail, "SIGTERM");
}
async function mailsTo(address) {
  const r = await request(`http://127.0.0.1:${ports.mailWeb}/api/email`);
  const all = json(r);
  if (!Array.isArray(all)) return [];
  return all.filter((m) => (m.to ?? []).some((t) => (t.address ?? "").toLowerCase() === address.toLowerCase()));
}

const control = (pathAndQuery) => request(`http://127.0.0.1:${ports.openaiControl}${pathAndQuery}`, { method: pathAndQuery.startsWith("/stats") ? "GET" : "POST" });
const modelStats = async () => json(await control("/stats"));

let server;
const serverEnv = {
  DATABASE_URL: DB,
  REDIS_URL: `redis://127.0.0.1:${ports.redis}/`,
  SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
  OSOOL_ADDR: `127.0.0.1:${ports.app}`,
  OSOOL_SITE_ROOT: SITE,
  OSOOL_SECRET_KEY: secretKey,
  OSOOL_REDIS_PREFIX: `faults:${process.pid}:`,
  OSOOL_ENV: "development",
  OSOOL_LOG: "info",
  OSOOL_ASSISTANT: "openai",
  OPENAI_API_KEY: apiKey,
  OPENAI_BASE_URL: `http://127.0.0.1:${ports.openai}/v1`,
  OPENAI_EMBEDDING_DIMENSIONS: "1536",
  OPENAI_TIMEOUT_SECS: String(MODEL_TIMEOUT_SECS),
  OSOOL_CHAT_DEADLINE_SECS: "30",
  OSOOL_LLM_BREAKER_FAILURES: String(BREAKER_FAILURES),
  OSOOL_LLM_BREAKER_COOLDOWN_SECS: String(BREAKER_COOLDOWN_SECS),
  OSOOL_OUTBOX_RETRY_MS: "200",
  OSOOL_SHUTDOWN_TIMEOUT_SECS: String(SHUTDOWN_TIMEOUT_SECS),
  OSOOL_READINESS_TIMEOUT_MS: "1000",
  OSOOL_SEARCH_RATE: "100000",
  OSOOL_CHAT_RATE: "10000",
  OSOOL_SIGN_IN_RATE: "10000",
  OSOOL_OFFLINE_PACE_MS: "0",
  TWILIO_ACCOUNT_SID: twilioSid,
  TWILIO_AUTH_TOKEN: twilioToken,
  TWILIO_FROM: "+15005550006",
  TWILIO_BASE_URL: `http://127.0.0.1:${ports.twilio}`,
};

async function serverUp() {
  server = startProcess("server", BIN, ["serve"], serverEnv);
  const up = await waitFor("the server", async () => (await request("/readyz", { timeoutMs: 2000 })).status === 200, 60000);
  if (!up) throw new Error(`the server did not become ready: see ${LOGS}/server.log`);
}

// --- what a buyer does ----------------------------------------------------

let seq = 0;
const distinct = (q) => `${q} ${++seq}`;
let listingIds = [];

function form(fields) {
  return {
    method: "POST",
    headers: { ...ORIGIN, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(fields).toString(),
  };
}

function cookieFrom(r, name) {
  const all = r.headers.getSetCookie?.() ?? [];
  for (const c of all) {
    const [pair] = c.split(";");
    const [k, v] = pair.split("=");
    if (k.trim() === name && v) return `${name}=${v}`;
  }
  return null;
}

async function signUp(email) {
  return request("/fn/auth/sign_up", form({ name: "Faults Buyer", email, password: "sunny-nile-apartment-42" }));
}
async function signIn(email) {
  return request("/fn/auth/sign_in", form({ email, password: "sunny-nile-apartment-42" }));
}

// A chat turn read to its end: the events, their times and the cookie.
async function chat(message, { cookie, conversationId } = {}) {
  const started = performance.now();
  const headers = { ...ORIGIN, "content-type": "application/json", accept: "text/event-stream" };
  if (cookie) headers.cookie = cookie;
  const events = [];
  let response;
  try {
    response = await fetch(BASE + "/api/v1/chat", {
      method: "POST",
      headers,
      body: JSON.stringify({ message, conversation_id: conversationId, lang: "en" }),
      signal: AbortSignal.timeout(60000),
    });
  } catch (error) {
    return { status: 0, events, ms: performance.now() - started, error: String(error) };
  }
  const visitor = cookieFrom(response, "osool_visitor") ?? cookie;
  if (response.status !== 200) {
    return { status: response.status, events, ms: performance.now() - started, text: await response.text(), cookie: visitor };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const result = { status: 200, events, cookie: visitor, reader };
  result.next = async () => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!name) continue;
        const event = { name, data: data ? JSON.parse(data) : null, at: performance.now() - started };
        events.push(event);
        return event;
      }
      let chunk;
      try {
        chunk = await reader.read();
      } catch {
        return null;
      }
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return result;
}

async function chatToEnd(message, options) {
  const turn = await chat(message, options);
  if (turn.status !== 200) return turn;
  while (await turn.next()) {}
  turn.ms = turn.events.at(-1)?.at ?? 0;
  return turn;
}

const texts = (turn) => turn.events.filter((e) => e.name === "delta").map((e) => e.data.text).join("");
const starts = (turn) => turn.events.filter((e) => e.name === "start").map((e) => e.data);
const ended = (turn) => turn.events.some((e) => e.name === "done");

// --- the scenarios --------------------------------------------------------

async function baseline() {
  section("baseline");
  const ready = json(await request("/readyz"));
  check("/readyz is ready with every dependency up", ready?.status === "ready", JSON.stringify(ready?.checks ?? {}));
  const list = json(await request("/api/v1/properties?per_page=50"));
  listingIds = (list?.results ?? []).map((l) => l.id);
  check("the catalog is loaded", listingIds.length >= 10, `${listingIds.length} listings`);
}

function buyerPages() {
  const [a, b, c] = listingIds;
  return [
    ["home", "/"],
    ["results page", `/?q=${encodeURIComponent(distinct("apartment in new cairo"))}`],
    ["listing page", `/listings/${a}`],
    ["compare page", `/compare?ids=${a},${b},${c}`],
    ["search API", `/api/v1/search?q=${encodeURIComponent(distinct("villa sheikh zayed"))}`],
    ["listings API", `/api/v1/properties?page=2`],
    ["listing API", `/api/v1/properties/${b}`],
  ];
}

async function redisScenario() {
  section("Redis stopped");
  const email = `faults-redis-${process.pid}@osool.test`;
  const up = await signUp(email);
  check("sign-up while Redis is up", up.status === 200, `${up.status} ${up.text.slice(0, 120)}`);
  let link;
  await waitFor("the verification mail", async () => {
    link = (await mailsTo(email)).at(-1)?.text?.match(/verify-email\?token=([^\s&]+)/)?.[1];
    return !!link;
  }, 15000);
  const verified = await request("/fn/auth/verify_email", form({ token: decodeURIComponent(link ?? "") }));
  check("the address is verified from the mail's link", verified.status === 200, `${verified.status} ${verified.text.slice(0, 120)}`);
  const signedIn = await signIn(email);
  const session = cookieFrom(signedIn, "osool_session");
  check("sign-in while Redis is up", signedIn.status === 200 && !!session, `${signedIn.status}`);

  await redisDown();
  for (const [name, url] of buyerPages()) {
    const r = await request(url, { timeoutMs: 10000 });
    check(`${name} answers 200 without Redis`, r.status === 200, `${r.status} in ${r.ms.toFixed(0)} ms`);
  }
  const withSession = await request("/", { headers: { cookie: session } });
  check("a signed-in buyer's page answers 200 without Redis", withSession.status === 200, `${withSession.status}`);
  const refused = await signIn(email);
  const refusedBody = json(refused);
  check(
    "sign-in answers 503 with a clear error without Redis",
    refused.status === 503 && JSON.stringify(refusedBody ?? "").includes("unavailable"),
    `${refused.status} ${refused.text.slice(0, 160)}`,
  );
  const otp = await request("/fn/auth/send_code", form({ phone: "+201012345678" }));
  check("a phone code answers 503 without Redis", otp.status === 503, `${otp.status} ${otp.text.slice(0, 120)}`);
  const ready = await request("/readyz");
  check("/readyz answers 503 and names Redis", ready.status === 503 && json(ready)?.checks?.redis?.status === "down", `${ready.status}`);

  const back = performance.now();
  await redisUp();
  const recovered = await waitFor("readiness after Redis", async () => (await request("/readyz")).status === 200, 20000);
  check("readiness recovers without a restart", recovered, `${((performance.now() - back) / 1000).toFixed(1)} s after Redis came back`);
  const me = json(await request("/fn/me", { method: "POST", headers: { ...ORIGIN, cookie: session, accept: "application/json" } }));
  check("the session from before the outage is still signed in", me?.user?.email === email, JSON.stringify(me)?.slice(0, 120));
  const again = await signIn(email);
  check("sign-in works again", again.status === 200, `${again.status}`);
}

async function postgresScenario() {
  section(`PostgreSQL restarted under traffic (down ${PG_DOWN_SECS} s)`);
  if (!PG_STOP || !PG_START) {
    console.log("       skipped: PostgreSQL is not this project's own (DATABASE_URL from the environment)");
    return;
  }
  const outcomes = [];
  let running = true;
  const worker = async (i) => {
    while (running) {
      const id = listingIds[(i * 7 + outcomes.length) % listingIds.length];
      const url = [
        `/api/v1/search?q=${encodeURIComponent(distinct("duplex"))}`,
        `/api/v1/properties/${id}`,
        `/?q=${encodeURIComponent(distinct("apartment maadi"))}`,
      ][i % 3];
      const r = await request(url, { timeoutMs: 20000 });
      outcomes.push({ status: r.status, ms: r.ms, at: performance.now(), url });
      if (r.status !== 200) await sleep(50);
    }
  };
  const workers = Array.from({ length: 6 }, (_, i) => worker(i));
  await sleep(1500);
  const stopAt = performance.now();
  execFileSync("bash", ["-c", PG_STOP], { stdio: "inherit" });
  await sleep(PG_DOWN_SECS * 1000);
  const startAt = performance.now();
  execFileSync("bash", ["-c", PG_START], { stdio: ["ignore", "ignore", "inherit"] });
  const startedAt = performance.now();
  let recoveredAt = null;
  await waitFor("a database answer after the restart", async () => {
    const ok = outcomes.find((o) => o.at > startedAt && o.status === 200);
    if (ok) recoveredAt = ok.at;
    return !!ok;
  }, 30000);
  await sleep(2000);
  running = false;
  await Promise.all(workers);

  const during = outcomes.filter((o) => o.at > stopAt && o.at < startAt + 1000);
  const statuses = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  const bad = outcomes.filter((o) => o.status !== 200 && o.status !== 503);
  check("every answer is 200 or 503", bad.length === 0, JSON.stringify(statuses) + (bad[0] ? ` e.g. ${bad[0].status} ${bad[0].url}` : ""));
  const refusedDuring = during.filter((o) => o.status === 503);
  check("requests while it is down are refused with 503", refusedDuring.length > 0, `${refusedDuring.length} of ${during.length}`);
  const slowest = Math.max(...outcomes.filter((o) => o.status === 503).map((o) => o.ms), 0);
  check("a refusal comes fast (within 5 s), never a hang", slowest < 5000, `slowest 503 took ${slowest.toFixed(0)} ms`);
  // Once the watcher has seen the outage (two failed pings, about a
  // second), requests are refused at once rather than after the pool's wait.
  const fast = outcomes.filter((o) => o.status === 503 && o.at - o.ms > stopAt + 2000 && o.at < startAt);
  const sorted = fast.map((o) => o.ms).sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] : Infinity;
  const firstFast = outcomes.find((o) => o.status === 503 && o.ms < 200 && o.at > stopAt);
  check(
    "after the first second of the outage a refusal is immediate (p95 under 200 ms)",
    sorted.length > 10 && p95 < 200,
    `${sorted.length} refusals, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms; first immediate one ${firstFast ? ((firstFast.at - stopAt) / 1000).toFixed(1) : "?"} s into the outage`,
  );
  const afterStart = recoveredAt ? (recoveredAt - startedAt) / 1000 : Infinity;
  check("the app recovers by itself within 10 s of PostgreSQL's return", afterStart < 10, `${afterStart.toFixed(1)} s`);
  const tail = outcomes.filter((o) => recoveredAt && o.at > recoveredAt + 500);
  check("after recovery every request answers 200", tail.length > 0 && tail.every((o) => o.status === 200), `${tail.filter((o) => o.status === 200).length} of ${tail.length}`);
  const ready = await waitFor("readiness after PostgreSQL", async () => (await request("/readyz")).status === 200, 10000);
  check("/readyz is ready again", ready);
}

async function modelScenario() {
  section("the model server down or hanging");
  await control("/mode?chat=ok&delay_ms=0&words=12");
  let turn = await chatToEnd("Hello, I am looking for an apartment");
  check("with the model up, it answers", turn.status === 200 && ended(turn) && starts(turn)[0]?.offline === false, `${turn.status} ${texts(turn).slice(0, 60)}`);

  await control("/mode?chat=hang");
  const deadlineMs = (MODEL_TIMEOUT_SECS + 3) * 1000;
  for (let i = 1; i <= BREAKER_FAILURES; i++) {
    turn = await chatToEnd(`hanging model, message ${i}: 3 bedrooms in new cairo`);
    const offline = starts(turn).some((s) => s.offline);
    check(
      `hanging model, message ${i}: the offline assistant answers within ${deadlineMs / 1000} s`,
      turn.status === 200 && ended(turn) && offline && turn.ms < deadlineMs && texts(turn).length > 0,
      `${(turn.ms / 1000).toFixed(1)} s, offline ${offline}`,
    );
  }
  const breaker = json(await request("/readyz"))?.circuit_breakers?.llm;
  check("the breaker opens after the failures", breaker === "open", `llm breaker ${breaker}`);
  const before = (await modelStats()).chat;
  turn = await chatToEnd("breaker open: villas in sheikh zayed");
  const first = starts(turn)[0];
  check(
    "with the breaker open the offline assistant answers at once, without calling the model",
    ended(turn) && first?.offline === true && first?.reason === "unavailable" && turn.ms < 2000 && (await modelStats()).chat === before,
    `${turn.ms.toFixed(0)} ms, reason ${first?.reason}`,
  );

  await control("/down");
  await sleep(BREAKER_COOLDOWN_SECS * 1000 + 500);
  turn = await chatToEnd("model refusing connections: a chalet on the north coast");
  check("a model refusing connections: still answered, at once", ended(turn) && starts(turn).some((s) => s.offline) && turn.ms < deadlineMs, `${(turn.ms / 1000).toFixed(1)} s`);

  await control("/up");
  await control("/mode?chat=ok");
  await sleep(BREAKER_COOLDOWN_SECS * 1000 + 500);
  let recovered = false;
  for (let i = 0; i < 5 && !recovered; i++) {
    turn = await chatToEnd("model back: apartments in maadi");
    recovered = ended(turn) && starts(turn).every((s) => s.offline === false);
    if (!recovered) await sleep(BREAKER_COOLDOWN_SECS * 1000);
  }
  check("when the model is back it answers again", recovered);
  const closed = json(await request("/readyz"))?.circuit_breakers?.llm;
  check("the breaker closes", closed === "closed", `llm breaker ${closed}`);
}

async function embedderScenario() {
  section("the embedder failing");
  const note = "Semantic ranking is unavailable right now";
  await control("/mode?embeddings=ok");
  let api = json(await request(`/api/v1/search?q=${encodeURIComponent(distinct("family apartment with garden"))}`));
  check("with the embedder up, search is not degraded", api?.degraded === false, `degraded ${api?.degraded}`);
  for (const how of ["fail", "hang"]) {
    await control(`/mode?embeddings=${how}`);
    const started = performance.now();
    const r = await request(`/api/v1/search?q=${encodeURIComponent(distinct("apartment new cairo 3 bedrooms"))}`);
    api = json(r);
    check(
      `embedder ${how === "fail" ? "failing" : "hanging"}: the search API answers from full text and says so`,
      r.status === 200 && api?.degraded === true && (api?.results?.length ?? 0) > 0 && r.ms < (MODEL_TIMEOUT_SECS + 2) * 1000,
      `${r.status}, degraded ${api?.degraded}, ${(performance.now() - started).toFixed(0)} ms`,
    );
    const page = await request(`/?q=${encodeURIComponent(distinct("villa in sheikh zayed"))}`);
    check(`embedder ${how === "fail" ? "failing" : "hanging"}: the results page shows the note`, page.status === 200 && page.text.includes(note), `${page.status}`);
  }
  await control("/mode?embeddings=ok");
  api = json(await request(`/api/v1/search?q=${encodeURIComponent(distinct("townhouse october"))}`));
  check("when the embedder is back, search is whole again", api?.degraded === false, `degraded ${api?.degraded}`);
}

async function smtpScenario() {
  section(`SMTP down for ${SMTP_DOWN_SECS} s while people sign up`);
  await mailDown();
  const addresses = Array.from({ length: 10 }, (_, i) => `faults-mail-${process.pid}-${i}@osool.test`);
  const started = performance.now();
  const answers = [];
  for (const [i, address] of addresses.entries()) {
    answers.push(await signUp(address));
    await sleep((SMTP_DOWN_SECS * 1000) / 2 / addresses.length);
    if (i === 0) continue;
  }
  check("sign-ups answer 200 while SMTP is down", answers.every((a) => a.status === 200), answers.map((a) => a.status).join(","));
  const left = SMTP_DOWN_SECS * 1000 - (performance.now() - started);
  if (left > 0) await sleep(left);
  const back = performance.now();
  await mailUp();
  const all = await waitFor(
    "every mail after SMTP's return",
    async () => (await Promise.all(addresses.map(mailsTo))).every((m) => m.length >= 1),
    90000,
  );
  const after = (performance.now() - back) / 1000;
  // The outbox probes SMTP while it is down and sends everything that
  // waited once it answers, not at each mail's next backoff.
  check("every mail is delivered within 10 s of SMTP's return", all && after < 10, `${after.toFixed(1)} s after SMTP came back`);
  await sleep(5000);
  const counts = await Promise.all(addresses.map(async (a) => (await mailsTo(a)).length));
  check("none is delivered twice", counts.every((c) => c === 1), counts.join(","));
}

async function sigtermChatScenario() {
  section("SIGTERM during a streamed chat answer");
  await control("/mode?chat=ok&delay_ms=250&words=80");
  const turn = await chat("Tell me everything about buying off-plan in New Cairo");
  if (!check("the answer starts streaming", turn.status === 200, `${turn.status}`)) return;
  let deltas = 0;
  let conversation;
  for (let e; (e = await turn.next()); ) {
    if (e.name === "start") conversation = e.data.conversation_id;
    if (e.name === "delta") deltas++;
    if (deltas >= 6) break;
  }
  const signalled = performance.now();
  server.kill("SIGTERM");
  while (await turn.next()) {}
  const streamEnded = performance.now() - signalled;
  const exit = await Promise.race([server.exited, sleep((SHUTDOWN_TIMEOUT_SECS + 5) * 1000).then(() => null)]);
  const exitedIn = performance.now() - signalled;
  check("the stream ends with done at once", ended(turn) && streamEnded < 3000, `${streamEnded.toFixed(0)} ms`);
  check("the server exits cleanly", exit?.code === 0, `code ${exit?.code} signal ${exit?.signal} after ${exitedIn.toFixed(0)} ms`);
  const streamed = texts(turn);
  await serverUp();
  const history = json(await request("/fn/chat/history", {
    method: "POST",
    headers: { ...ORIGIN, cookie: turn.cookie, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ conversation_id: conversation }),
  }));
  const last = history?.messages?.at(-1);
  check(
    "after the restart the history keeps what was streamed, marked stopped",
    last?.speaker === "assistant" && last?.stopped === true && last.text.trim().length > 0 && streamed.startsWith(last.text.trim().slice(0, 40)) && last.text.trim() === streamed.trim(),
    `stored ${JSON.stringify(last?.text?.slice(0, 60))}, streamed ${JSON.stringify(streamed.slice(0, 60))}`,
  );
  await control("/mode?chat=ok&delay_ms=0&words=12");
}

async function sigtermIngestScenario() {
  section("SIGTERM during an ingest");
  const catalog = JSON.parse(fs.readFileSync(DATA, "utf8"));
  for (const listing of catalog.listings) listing.title_en += " (renovated)";
  const changed = path.join(LOGS, "catalog-renovated.json");
  fs.writeFileSync(changed, JSON.stringify(catalog));
  const total = catalog.listings.length;
  const renovated = () => Number(sql("select count(*) from listing_texts where title_en like '% (renovated)'"));
  const before = sql("select md5(string_agg(title_en, '|' order by listing_id)) from listing_texts");
  check("no listing is renovated before", renovated() === 0);

  await control("/mode?embeddings=ok&embed_delay_ms=400");
  const calls = (await modelStats()).embeddings;
  const ingest = startProcess("ingest-stopped", BIN, ["ingest", "--quiet", changed], serverEnv);
  await waitFor("the ingest half way", async () => (await modelStats()).embeddings >= calls + 4, 60000);
  ingest.kill("SIGTERM");
  const exit = await ingest.exited;
  check("the ingest stops on SIGTERM", exit.code !== 0 || exit.signal !== null, `code ${exit.code} signal ${exit.signal}`);
  const after = sql("select md5(string_agg(title_en, '|' order by listing_id)) from listing_texts");
  check("the catalog is exactly as it was", renovated() === 0 && after === before, `${renovated()} renovated`);

  await control("/mode?embed_delay_ms=0");
  const whole = startProcess("ingest-whole", BIN, ["ingest", "--quiet", changed], serverEnv);
  const done = await whole.exited;
  check("the same ingest run to its end succeeds", done.code === 0, `code ${done.code}`);
  check("the catalog is then completely new", renovated() === total, `${renovated()} of ${total}`);
}

async function logsAreClean() {
  section("the server's log");
  const log = fs.readFileSync(path.join(LOGS, "server.log"), "utf8");
  const panics = log.split("\n").filter((l) => /panicked|panic/i.test(l));
  check("no panic in the log", panics.length === 0, panics[0]?.slice(0, 200) ?? "");
}

// --- the run --------------------------------------------------------------

const started = performance.now();
fs.mkdirSync(LOGS, { recursive: true });
startProcess("fake-openai", process.execPath, [path.join(import.meta.dirname, "fake-openai.mjs"), String(ports.openai), String(ports.openaiControl), apiKey]);
startProcess("fake-twilio", process.execPath, [path.join(import.meta.dirname, "fake-twilio.mjs"), String(ports.twilio), twilioSid, twilioToken]);
await waitFor("the fake OpenAI", async () => (await control("/stats")).status === 200, 10000);
await redisUp();
await mailUp();
try {
  await serverUp();
  await baseline();
  await redisScenario();
  await postgresScenario();
  await modelScenario();
  await embedderScenario();
  await smtpScenario();
  await sigtermChatScenario();
  await sigtermIngestScenario();
  await logsAreClean();
} catch (error) {
  check("the run finished", false, String(error?.stack ?? error));
}
await stopProcess(server);
for (const child of [...children]) await stopProcess(child, "SIGTERM", 5000);
const secs = ((performance.now() - started) / 1000).toFixed(0);
console.log(`\n${results.length - failures} of ${results.length} checks passed in ${secs} s${failures ? `; ${failures} FAILED (logs in ${LOGS})` : ""}`);
process.exit(failures ? 1 : 0);
