-- wrk -t2 -c100 -d60s -s bench/wrk/bearer.lua "http://127.0.0.1:5080/api/v1/members?page=1&pageSize=20"
-- TOKEN from POST /api/v1/tokens (bench/load.sh gets one; see bench/README.md)
dofile("bench/wrk/counts.lua")
local token = os.getenv("TOKEN") or ""
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
