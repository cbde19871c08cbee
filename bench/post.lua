-- wrk script: POST the form in the file $BENCH_BODY (application/x-www-form-urlencoded)
-- to the paths listed in the file $BENCH_PATHS, in turn (the Cookie header comes from
-- wrk's -H).
local f = assert(io.open(os.getenv("BENCH_BODY"), "r"))
local body = f:read("*a"):gsub("%s+$", "")
f:close()
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
	if line ~= "" then
		paths[#paths + 1] = line
	end
end
local n = 0

request = function()
	n = n + 1
	local headers = {}
	for k, v in pairs(wrk.headers) do
		headers[k] = v
	end
	headers["Content-Type"] = "application/x-www-form-urlencoded"
	return wrk.format("POST", paths[(n - 1) % #paths + 1], headers, body)
end
