// A local stand-in for Twilio's Messages API, for the end-to-end tests only.
// It speaks the real wire format (form-encoded POST to
// /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic auth, a
// 201 JSON answer shaped like Twilio's) and keeps what it received so the
// tests can read the SMS the server actually sent:
//   GET /messages?to=+201012345678 -> [{"to", "from", "body", "sid"}]
//
// Usage: node fake-twilio.mjs PORT ACCOUNT_SID AUTH_TOKEN
import http from "node:http";
import crypto from "node:crypto";

const [port, accountSid, authToken] = process.argv.slice(2);
if (!port || !accountSid || !authToken) {
  console.error("usage: node fake-twilio.mjs PORT ACCOUNT_SID AUTH_TOKEN");
  process.exit(2);
}
const expectedAuth = "Basic " + Buffer.from(`${accountSid}:${authToken}`).toString("base64");
const messages = [];

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function twilioError(res, status, code, message) {
  json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "GET" && url.pathname === "/messages") {
    const to = url.searchParams.get("to");
    return json(res, 200, messages.filter((m) => !to || m.to === to));
  }
  if (req.method === "GET" && url.pathname === "/healthz") return json(res, 200, { ok: true });
  const path = url.pathname.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/);
  if (req.method !== "POST" || !path) return twilioError(res, 404, 20404, "The requested resource was not found");
  if (req.headers.authorization !== expectedAuth || path[1] !== accountSid) {
    return twilioError(res, 401, 20003, "Authenticate");
  }
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (raw += chunk));
  req.on("end", () => {
    if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return twilioError(res, 400, 21601, "Expected a form-encoded body");
    }
    const form = new URLSearchParams(raw);
    const to = form.get("To");
    const from = form.get("From") ?? form.get("MessagingServiceSid");
    const body = form.get("Body");
    if (!to || !/^\+[1-9]\d{7,14}$/.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(res, 400, 21602, "Message body is required.");
    const sid = "SM" + crypto.randomBytes(16).toString("hex");
    const now = new Date().toUTCString();
    messages.push({ sid, to, from, body });
    json(res, 201, {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_updated: now,
      date_sent: null,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: form.get("MessagingServiceSid"),
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid,
      status: "queued",
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
});

server.listen(Number(port), "127.0.0.1", () => console.log(`fake Twilio on 127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
