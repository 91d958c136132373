-- One route group of `./scripts/bench-load` (wrk, LuaJIT). Configured by
-- the environment, so one file serves every group:
--
--   BENCH_ROUTE   name printed in the result line (home, results, ...)
--   BENCH_KIND    fixed    the URL as given, every time (no request());
--                 query    the URL's path + a buyer's query, new each time;
--                 listing  the URL's path + one of BENCH_IDS;
--                 compare  the URL's path + 2 to 4 of BENCH_IDS, comma-separated
--   BENCH_IDS     listing ids, comma-separated (listing, compare)
--   BENCH_SEED    what the queries and ids are drawn from (default 1)
--   BENCH_STATUS  "0": do not count status codes in response() (wrk then
--                 only knows how many were >= 400; saves it copying bodies)
--
-- done() prints one line for the script to read:
--   BENCH route=... requests=... rps=... p50_ms=... statuses=200:123,404:1 ...

local route = os.getenv("BENCH_ROUTE") or "route"
local kind = os.getenv("BENCH_KIND") or "fixed"
local seed = tonumber(os.getenv("BENCH_SEED") or "1") or 1
local count_status = os.getenv("BENCH_STATUS") ~= "0"

-- Park-Miller: deterministic and the same in every Lua (no math.random,
-- whose sequence differs between builds). Products stay below 2^53.
local function generator(s)
  local state = s % 2147483646 + 1
  return function(n)
    state = (state * 16807) % 2147483647
    return state % n + 1
  end
end

local ids = {}
for id in (os.getenv("BENCH_IDS") or ""):gmatch("[^,]+") do ids[#ids + 1] = id end

local function esc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

---------------------------------------------------------------------------
-- Buyers' queries: English, Arabic and Franco-Arabic, in the shapes people
-- type them (bedrooms, kinds, areas and compounds, budgets, payment plans).
-- With the numbers drawn too there are tens of millions of them: a minute
-- of searching hardly ever repeats one, so the search caches mostly miss.
---------------------------------------------------------------------------

local en = {
  beds = {"1 bedroom", "2 bedroom", "3 bedroom", "4 bedroom", "5 bedroom", "2 bed", "3 bed", "3br", "2 bedrooms",
    "4 bedrooms", "one bedroom", "two bedroom", "three bedroom", "family size", "big"},
  kinds = {"apartment", "villa", "townhouse", "twin house", "duplex", "penthouse", "chalet", "studio",
    "standalone villa", "flat", "office", "clinic", "retail shop", "apartment", "villa"},
  homes = {"apartment", "villa", "townhouse", "twin house", "duplex", "penthouse", "chalet", "standalone villa",
    "flat", "apartment", "apartment", "villa"},
  areas = {"New Cairo", "Sheikh Zayed", "6th of October", "Maadi", "Fifth Settlement", "Mostakbal City",
    "New Capital", "New Administrative Capital", "North Coast", "Ain Sokhna", "El Gouna", "Madinaty",
    "Golden Square", "West October", "New Zayed", "Ras El Hekma", "El Alamein", "Tagamoa", "October Gardens",
    "Hurghada", "new cairo", "zayed", "october"},
  budgets = {"under %d million", "below %d million", "less than %dm", "max %d million EGP", "up to %d,000,000",
    "between %d and %d million", "around %d million", "budget %d m", "under %d mil", "for %d million"},
  plans = {"%d years installments", "installments over %d years", "%d%% down payment", "%d%% down",
    "no down payment", "cash", "monthly installment under %dk", "delivery %d", "ready to move",
    "immediate delivery", "resale", "from the developer", "on installments", "%d year payment plan"},
  extras = {"with garden", "with pool", "sea view", "fully finished", "semi finished", "core and shell",
    "furnished", "near AUC", "corner unit", "ground floor", "high floor", "with roof", "lagoon view",
    "near the ring road", "pet friendly", "for investment", "for my family", "quiet area", "close to schools",
    "", "", ""},
}
local compounds = {"Mivida", "Hyde Park", "Palm Hills", "Sodic East", "Mountain View iCity", "Marassi",
  "Hacienda Bay", "Il Bosco", "Taj City", "Sarai", "Villette", "Allegria", "Badya", "Bloomfields",
  "Solana East", "District 5", "Fifth Square", "Westown", "La Vista City", "Capital Gardens"}
local developers = {"SODIC", "Palm Hills", "Emaar", "Mountain View", "Madinet Masr", "Misr Italia",
  "Tatweer Misr", "Ora", "La Vista", "Marakez", "Al Ahly Sabbour", "Hyde Park"}
local ar = {
  beds = {"غرفة واحدة", "غرفتين", "٣ غرف", "3 غرف", "٤ غرف", "4 غرف نوم", "٥ غرف", "غرفتين نوم", "3 غرف نوم"},
  kinds = {"شقة", "فيلا", "تاون هاوس", "توين هاوس", "دوبلكس", "بنتهاوس", "شاليه", "استوديو", "فيلا مستقلة",
    "مكتب", "عيادة", "محل", "شقة", "شقة"},
  homes = {"شقة", "فيلا", "تاون هاوس", "توين هاوس", "دوبلكس", "بنتهاوس", "شاليه", "فيلا مستقلة", "شقة", "شقة"},
  areas = {"التجمع الخامس", "القاهرة الجديدة", "الشيخ زايد", "السادس من أكتوبر", "أكتوبر", "المعادي",
    "العاصمة الإدارية", "الساحل الشمالي", "العين السخنة", "مدينتي", "مستقبل سيتي", "زايد الجديدة", "الجونة",
    "العلمين", "الغردقة", "رأس الحكمة", "التجمع"},
  budgets = {"تحت %d مليون", "أقل من %d مليون", "بحد أقصى %d مليون جنيه", "في حدود %d مليون",
    "من %d إلى %d مليون", "بسعر %d مليون"},
  plans = {"تقسيط على %d سنين", "مقدم %d٪", "بدون مقدم", "كاش", "استلام فوري", "استلام %d",
    "قسط شهري أقل من %d ألف", "ريسيل", "من المطور", "بالتقسيط"},
  extras = {"بجاردن", "بحمام سباحة", "فيو بحر", "متشطبة", "نص تشطيب", "مفروشة", "على الناصية", "دور أرضي",
    "دور عالي", "بروف", "قريبة من المدارس", "للاستثمار", "", ""},
}
local fr = {
  beds = {"2 ouad", "3 ouad", "4 o2od", "ouda wa7da", "odten", "3 odad", "studio", "3 owad nom"},
  kinds = {"sha2a", "villa", "town house", "twin house", "duplex", "penthouse", "chalet", "studio", "ma7al",
    "3eyada", "maktab", "sha2a", "shaqa"},
  homes = {"sha2a", "villa", "town house", "twin house", "duplex", "penthouse", "chalet", "sha2a", "shaqa"},
  areas = {"el tagamo3", "tagamo3 el 5ames", "zayed", "el sheikh zayed", "october", "6 october", "el ma3adi",
    "el 3asma", "el 3asema el edareya", "el sa7el", "sa7el", "el so5na", "madinaty", "mostakbal city",
    "el gouna", "new cairo"},
  budgets = {"ta7t %d million", "a2al men %d million", "b %d million", "fi 7dod %d million", "max %d mlyon",
    "men %d le %d million"},
  plans = {"ta2seet %d sneen", "mo2adam %d%%", "men gher mo2adam", "cash", "estlam fawry", "estlam %d",
    "2est shahry ta7t %dk", "resale", "bel ta2seet"},
  extras = {"b garden", "b pool", "view ba7r", "metshatba", "nos tashteeb", "mafrosha", "dor ardy", "dor 3aly",
    "b roof", "2orayeba men el madares", "lel estesmar", "", ""},
}

local arabic_digits = {"٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"}

-- A budget or a plan with its numbers drawn.
local function has(pattern, ...)
  for _, marker in ipairs({...}) do
    if pattern:find(marker, 1, true) then return true end
  end
  return false
end
local function fill(r, pattern)
  local n = select(2, pattern:gsub("%%d", ""))
  if n == 0 then return pattern end
  if has(pattern, "million", "مليون", "mlyon", "%dm", "%d m", " mil", ",000,000") then
    local low = r(30) + 1
    if n == 2 then return string.format(pattern, low, low + r(8) + 1) end
    return string.format(pattern, low)
  elseif has(pattern, "down", "مقدم", "mo2adam") then
    return string.format(pattern, (r(7) - 1) * 5)
  elseif has(pattern, "delivery", "استلام", "estlam") then
    return string.format(pattern, 2024 + r(7))
  elseif has(pattern, "%dk", "ألف") then
    return string.format(pattern, 5 * (r(30) + 1))
  end
  return string.format(pattern, r(10) + 2) -- years
end

local function pick(r, list) return list[r(#list)] end

local templates_en = {
  function(r) return {pick(r, en.beds), pick(r, en.homes), "in", pick(r, en.areas), fill(r, pick(r, en.budgets))} end,
  function(r) return {pick(r, en.kinds), "for sale in", pick(r, en.areas), fill(r, pick(r, en.budgets)), fill(r, pick(r, en.plans))} end,
  function(r) return {"looking for a", pick(r, en.beds), pick(r, en.homes), "in", pick(r, compounds), pick(r, en.extras)} end,
  function(r) return {"cheap", pick(r, en.kinds), pick(r, en.areas), fill(r, pick(r, en.plans))} end,
  function(r) return {pick(r, en.kinds), "by", pick(r, developers), "in", pick(r, en.areas), fill(r, pick(r, en.plans))} end,
  function(r) return {pick(r, en.beds), pick(r, en.homes), pick(r, en.areas), pick(r, en.extras), fill(r, pick(r, en.budgets))} end,
  function(r) return {"resale", pick(r, en.kinds), "in", pick(r, compounds), fill(r, pick(r, en.budgets))} end,
  function(r) return {"I want a", pick(r, en.beds), pick(r, en.homes), "in", pick(r, en.areas) .. ",", fill(r, pick(r, en.plans)) .. ",", fill(r, pick(r, en.budgets))} end,
  function(r) return {pick(r, en.kinds), "near", pick(r, en.areas), pick(r, en.extras), fill(r, pick(r, en.budgets))} end,
  function(r) return {"best", pick(r, en.kinds), "in", pick(r, en.areas), fill(r, pick(r, en.budgets)) .. ",", fill(r, pick(r, en.plans))} end,
}
local templates_ar = {
  function(r) return {pick(r, ar.homes), pick(r, ar.beds), "في", pick(r, ar.areas), fill(r, pick(r, ar.budgets))} end,
  function(r) return {"عايز", pick(r, ar.kinds), "في", pick(r, ar.areas), fill(r, pick(r, ar.budgets)), fill(r, pick(r, ar.plans))} end,
  function(r) return {pick(r, ar.kinds), "للبيع في", pick(r, compounds), pick(r, ar.extras)} end,
  function(r) return {"ابحث عن", pick(r, ar.homes), pick(r, ar.beds), pick(r, ar.areas), fill(r, pick(r, ar.plans))} end,
  function(r) return {pick(r, ar.kinds), pick(r, ar.areas), pick(r, ar.extras), fill(r, pick(r, ar.budgets))} end,
  function(r) return {"محتاج", pick(r, ar.homes), pick(r, ar.beds), "في", pick(r, ar.areas), "بالتقسيط", pick(r, ar.extras)} end,
}
local templates_fr = {
  function(r) return {"3ayez", pick(r, fr.kinds), "fe", pick(r, fr.areas), fill(r, pick(r, fr.budgets))} end,
  function(r) return {pick(r, fr.homes), pick(r, fr.beds), "fe", pick(r, fr.areas), fill(r, pick(r, fr.plans))} end,
  function(r) return {"mehtag", pick(r, fr.kinds), "fe", pick(r, compounds), pick(r, fr.extras), fill(r, pick(r, fr.budgets))} end,
  function(r) return {pick(r, fr.kinds), pick(r, fr.areas), fill(r, pick(r, fr.plans)), pick(r, fr.extras)} end,
  function(r) return {"a7san", pick(r, fr.kinds), "fe", pick(r, fr.areas), fill(r, pick(r, fr.budgets)), fill(r, pick(r, fr.plans))} end,
  function(r) return {"fi", pick(r, fr.homes), pick(r, fr.beds), "fe", pick(r, fr.areas), pick(r, fr.extras), "?"} end,
}

-- Half English, a quarter each Arabic (some with Arabic-Indic digits) and
-- Franco-Arabic; some typed all lower case.
local function query(r)
  local lang = r(4)
  local words
  if lang <= 2 then
    words = pick(r, templates_en)(r)
  elseif lang == 3 then
    words = pick(r, templates_ar)(r)
  else
    words = pick(r, templates_fr)(r)
  end
  local q = table.concat(words, " "):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  if lang == 3 and r(2) == 1 then
    q = q:gsub("%d", function(d) return arabic_digits[tonumber(d) + 1] end)
  elseif lang ~= 3 and r(3) == 1 then
    q = q:lower()
  end
  return q
end

---------------------------------------------------------------------------
-- wrk's hooks.
---------------------------------------------------------------------------

local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- Per thread (each has its own Lua state): read back in done().
statuses = {}
generated = 0
distinct = 0
local seen = {}
local r

local function rand()
  if not r then
    -- A stream per route kind and per thread: tid is set after the script loads.
    local salt = ({fixed = 0, query = 1, listing = 2, compare = 3})[kind] or 0
    r = generator(seed * 1000003 + (tid or 0) * 7919 + salt * 104729 + #route)
  end
  return r
end

if kind == "query" then
  request = function()
    local q = query(rand())
    generated = generated + 1
    if not seen[q] then
      seen[q] = true
      distinct = distinct + 1
    end
    return wrk.format("GET", wrk.path .. esc(q))
  end
elseif kind == "listing" then
  assert(#ids > 0, "BENCH_IDS is empty")
  request = function()
    return wrk.format("GET", wrk.path .. esc(pick(rand(), ids)))
  end
elseif kind == "compare" then
  assert(#ids >= 4, "BENCH_IDS needs at least 4 ids")
  request = function()
    local g = rand()
    local chosen, taken = {}, {}
    local n = g(3) + 1
    while #chosen < n do
      local id = pick(g, ids)
      if not taken[id] then
        taken[id] = true
        chosen[#chosen + 1] = esc(id)
      end
    end
    return wrk.format("GET", wrk.path .. table.concat(chosen, ","))
  end
end

if count_status then
  response = function(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local counts, made, unique = {}, 0, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do counts[status] = (counts[status] or 0) + n end
    made = made + (thread:get("generated") or 0)
    unique = unique + (thread:get("distinct") or 0)
  end
  local ok, redirects, limited, other = 0, 0, 0, 0
  local parts = {}
  local codes = {}
  for status in pairs(counts) do codes[#codes + 1] = status end
  table.sort(codes)
  for _, status in ipairs(codes) do
    local n = counts[status]
    parts[#parts + 1] = status .. ":" .. n
    if status >= 200 and status < 300 then
      ok = ok + n
    elseif status == 429 then
      limited = limited + n
    else
      other = other + n
    end
  end
  local e = summary.errors
  if not count_status then
    -- wrk itself only counts statuses >= 400.
    ok = summary.requests - e.status
    other = e.status
    parts = {"non-2xx-or-3xx:" .. e.status}
  end
  local seconds = summary.duration / 1e6
  local function ms(us) return string.format("%.1f", us / 1000) end
  io.write(string.format(
    "BENCH route=%s requests=%d seconds=%.2f rps=%.1f p50_ms=%s p95_ms=%s p99_ms=%s max_ms=%s mean_ms=%s "
      .. "ok=%d limited=%d bad=%d connect=%d read=%d write=%d timeout=%d bytes=%d generated=%d distinct=%d statuses=%s\n",
    route, summary.requests, seconds, summary.requests / seconds,
    ms(latency:percentile(50)), ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
    ms(latency.mean), ok, limited, other, e.connect, e.read, e.write, e.timeout, summary.bytes, made, unique,
    #parts > 0 and table.concat(parts, ",") or "none"))
end
