-- wrk script: GET the paths listed in the file $BENCH_PATHS (one a line), each once: the
-- wrk threads take the lines in turn (thread k the k-th, k + threads-th, ...). For the
-- "first visits" rows the list holds distinct addresses a fresh page cache has never seen,
-- so every request reaches the handler. When the list runs out it starts again, and every
-- such request is counted: done() prints "Repeated addresses: N" (bench/lib.sh shows it
-- beside the row). A repeat comes after every other address of the list, which for lists
-- longer than the page cache's 512 slots (html/cache.c) has long since pushed it out.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
	if line ~= "" then
		paths[#paths + 1] = line
	end
end
local threads = {}
local nthreads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1") or 1

function setup(thread)
	thread:set("id", #threads)
	threads[#threads + 1] = thread
end

local n = 0
repeats = 0

function request()
	local i = (id or 0) + n * nthreads
	n = n + 1
	if i >= #paths then
		repeats = repeats + 1
	end
	return wrk.format("GET", paths[i % #paths + 1])
end

-- BENCH_REPEATS_OK=1: a list of pages no cache keeps (logged in), nothing to report.
local quiet = os.getenv("BENCH_REPEATS_OK") == "1"

function done(summary, latency, requests)
	if quiet then
		return
	end
	local r = 0
	for _, t in ipairs(threads) do
		r = r + (t:get("repeats") or 0)
	end
	io.write(string.format("Repeated addresses: %d\n", r))
end
