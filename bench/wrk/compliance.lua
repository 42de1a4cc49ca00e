-- The compliance rollup through HTTP (issue 4: root < 300 ms median, one branch < 50 ms), one client:
--   TOKEN=… ORG=<root id> PERIOD=2026Q3 wrk -t1 -c1 -d20s -s bench/wrk/compliance.lua http://127.0.0.1:5080
--   TOKEN=… ORG=<branch id> PERIOD=2026Q3 wrk -t1 -c1 -d20s -s bench/wrk/compliance.lua http://127.0.0.1:5080
-- TOKEN from POST /api/v1/tokens for a user granted on the synthetic root (see bench/README.md).
-- Prints p50/p90/p99 and fails loudly on any status other than 200.
local token = os.getenv("TOKEN") or ""
local org = os.getenv("ORG") or error("set ORG to an organization id")
local period = os.getenv("PERIOD") or "2026Q3"
local path = "/api/v1/compliance?org=" .. org .. "&period=" .. period
local errors = 0

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

function request()
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write("status " .. status .. ": " .. string.sub(body or "", 1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("GET %s: %d requests, %d non-2xx, %d socket errors\n", path, summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
