// A local stand-in for OpenAI's API, for the fault runs (scripts/faults).
// It speaks the real wire format (Bearer auth; POST /v1/chat/completions
// streamed as `data:` chunks then `[DONE]`; POST /v1/embeddings; OpenAI's
// error body) and can be told to misbehave the ways a real model server
// does, through a control port of its own:
//
//   POST /mode?chat=ok|hang|fail&embeddings=ok|hang|fail&delay_ms=N&words=N&embed_delay_ms=N
//   POST /down     refuse connections (and cut the open ones)
//   POST /up       accept connections again
//   GET  /stats    {"chat": n, "embeddings": n}: requests received
//
// "hang" accepts the request and never answers, as a stuck upstream does.
//
// Usage: node fake-openai.mjs API_PORT CONTROL_PORT API_KEY
import http from "node:http";
import crypto from "node:crypto";

const [apiPort, controlPort, apiKey] = process.argv.slice(2);
if (!apiPort || !controlPort || !apiKey) {
  console.error("usage: node fake-openai.mjs API_PORT CONTROL_PORT API_KEY");
  process.exit(2);
}

const mode = { chat: "ok", embeddings: "ok", delayMs: 0, words: 12, embedDelayMs: 0 };
const stats = { chat: 0, embeddings: 0 };
const sockets = new Set();
let listening = false;

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function openaiError(res, status, message, type) {
  json(res, status, { error: { message, type, param: null, code: null } });
}

// A unit vector of `dims` numbers that depends only on the text.
function vectorFor(text, dims) {
  const out = new Array(dims);
  let block = Buffer.alloc(0);
  let counter = 0;
  for (let i = 0; i < dims; i++) {
    if (i % 8 === 0) {
      block = crypto.createHash("sha256").update(`${counter++}|${text}`).digest();
    }
    out[i] = block.readInt32LE((i % 8) * 4) / 2 ** 31;
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => x / norm);
}

const SENTENCES = [
  "Happy to help you find a home in Cairo.",
  "Tell me which area you like best.",
  "A budget range helps me narrow things down.",
  "Installment plans differ a lot between developers.",
  "Ready units and off-plan units suit different buyers.",
  "I can compare a few units side by side for you.",
];

function chunk(delta, finish = null) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

async function streamAnswer(req, res) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (value) => res.write(`data: ${JSON.stringify(value)}\n\n`);
  send(chunk({ role: "assistant", content: "" }));
  let closed = false;
  res.on("close", () => (closed = true));
  let words = 0;
  for (let i = 0; words < mode.words && !closed; i++) {
    for (const word of SENTENCES[i % SENTENCES.length].split(/(?<= )/)) {
      if (closed || words >= mode.words) break;
      if (mode.delayMs) await new Promise((r) => setTimeout(r, mode.delayMs));
      send(chunk({ content: word }));
      words++;
    }
    if (!closed) send(chunk({ content: " " }));
  }
  if (closed) return;
  send(chunk({}, "stop"));
  send({ ...chunk({}), choices: [], usage: { prompt_tokens: 50, completion_tokens: words, total_tokens: 50 + words } });
  res.end("data: [DONE]\n\n");
}

function readBody(req) {
  return new Promise((resolve) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (raw += c));
    req.on("end", () => resolve(raw));
  });
}

const api = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.headers.authorization !== `Bearer ${apiKey}`) {
    return openaiError(res, 401, "Incorrect API key provided.", "invalid_request_error");
  }
  const raw = await readBody(req);
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return openaiError(res, 400, "We could not parse the JSON body of your request.", "invalid_request_error");
  }
  if (req.method === "POST" && url.pathname === "/v1/chat/completions") {
    stats.chat++;
    if (mode.chat === "hang") return; // never answers
    if (mode.chat === "fail") return openaiError(res, 500, "The server had an error while processing your request.", "server_error");
    if (!body.stream) return openaiError(res, 400, "only streamed answers are faked", "invalid_request_error");
    return streamAnswer(req, res);
  }
  if (req.method === "POST" && url.pathname === "/v1/embeddings") {
    stats.embeddings++;
    if (mode.embeddings === "hang") return;
    if (mode.embeddings === "fail") return openaiError(res, 503, "The engine is currently overloaded.", "server_error");
    if (mode.embedDelayMs) await new Promise((r) => setTimeout(r, mode.embedDelayMs));
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const dims = body.dimensions ?? 1536;
    return json(res, 200, {
      object: "list",
      data: inputs.map((text, index) => ({ object: "embedding", index, embedding: vectorFor(String(text), dims) })),
      model: body.model,
      usage: { prompt_tokens: inputs.length * 8, total_tokens: inputs.length * 8 },
    });
  }
  openaiError(res, 404, `Unknown request URL: ${req.method} ${url.pathname}`, "invalid_request_error");
});
api.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});

function up() {
  return new Promise((resolve) => {
    if (listening) return resolve();
    api.listen(Number(apiPort), "127.0.0.1", () => {
      listening = true;
      resolve();
    });
  });
}

function down() {
  return new Promise((resolve) => {
    if (!listening) return resolve();
    api.close(() => resolve());
    listening = false;
    for (const socket of sockets) socket.destroy();
  });
}

const control = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "GET" && url.pathname === "/healthz") return json(res, 200, { ok: true, listening });
  if (req.method === "GET" && url.pathname === "/stats") return json(res, 200, stats);
  if (req.method === "POST" && url.pathname === "/mode") {
    const p = url.searchParams;
    if (p.has("chat")) mode.chat = p.get("chat");
    if (p.has("embeddings")) mode.embeddings = p.get("embeddings");
    if (p.has("delay_ms")) mode.delayMs = Number(p.get("delay_ms"));
    if (p.has("words")) mode.words = Number(p.get("words"));
    if (p.has("embed_delay_ms")) mode.embedDelayMs = Number(p.get("embed_delay_ms"));
    return json(res, 200, mode);
  }
  if (req.method === "POST" && url.pathname === "/down") {
    await down();
    return json(res, 200, { listening });
  }
  if (req.method === "POST" && url.pathname === "/up") {
    await up();
    return json(res, 200, { listening });
  }
  json(res, 404, { error: "unknown control" });
});

await up();
control.listen(Number(controlPort), "127.0.0.1");
