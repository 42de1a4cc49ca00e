-- wrk -t2 -c100 -d60s -s bench/wrk/health.lua "http://127.0.0.1:5080/health/ready" (the yardstick beside each endpoint)
dofile("bench/wrk/counts.lua")
