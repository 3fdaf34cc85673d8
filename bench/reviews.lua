-- wrk script of the side-by-side bench (bench/compare.sh): POSTs the AdmissionReview template
-- named by the first script argument (written by dev.ibac.bench.Reviews), with a unique request
-- uid, number (names of kinds that must not repeat, resourceVersion) and time per request, and
-- prints one machine-readable RESULT line: throughput, p50, p99, non-200 answers, and how many
-- answers admitted and denied (so a run shows it took the path it is named after).
--   wrk -t1 -c16 -d10s -s bench/reviews.lua https://127.0.0.1:PORT/validate -- TEMPLATE LABEL

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local parts

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local text = f:read("*a")
  f:close()
  label = args[2] or args[1]
  -- cut the template once at its placeholders; each request only concatenates
  parts = {}
  local from = 1
  while true do
    local s, e, name = text:find("@(%u+)@", from)
    if not s then break end
    table.insert(parts, text:sub(from, s - 1))
    table.insert(parts, name)
    from = e + 1
  end
  table.insert(parts, text:sub(from))
  math.randomseed(os.time() + id * 7919)
  run = tostring(math.random(100000000, 999999999)) .. tostring(id)
  allowed, denied, other = 0, 0, 0
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local out = {}
  for i, p in ipairs(parts) do
    if i % 2 == 1 then
      out[i] = p
    elseif p == "UID" then
      out[i] = "wrk-" .. run .. "-" .. counter
    elseif p == "N" then
      out[i] = run .. "0" .. counter
    elseif p == "TIME" then
      out[i] = string.format("2026-11-27T08:%02d:%02dZ", 10 + counter % 50, counter % 60)
    else
      out[i] = "@" .. p .. "@"
    end
  end
  return wrk.format("POST", nil, headers, table.concat(out))
end

function response(status, hdrs, body)
  if status ~= 200 then
    other = other + 1
  elseif body:find('"allowed":true', 1, true) then
    allowed = allowed + 1
  else
    denied = denied + 1
  end
end

-- done() runs in wrk's main Lua state, where init() never ran: everything comes from the threads
function done(summary, latency, requests)
  local a, d, o = 0, 0, 0
  local label = threads[1]:get("label")
  for _, t in ipairs(threads) do
    a = a + t:get("allowed")
    d = d + t:get("denied")
    o = o + t:get("other")
  end
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %s rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f n=%d allowed=%d denied=%d non200=%d socket_errors=%d\n",
    label, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, a, d, o, errors))
end
