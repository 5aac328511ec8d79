-- wrk script for `make bench` (demo/bench/pages.py):
--
--   wrk -s bench.lua URL -- MODE COOKIES BODY
--
-- MODE is "get" (a page), "post" (the same form body every time: the check-in) or
-- "workout" (the body plus a fresh client_uuid for every request, as a new form has).
-- COOKIES are Cookie headers (session and CSRF cookie), one a line: requests take them in
-- turn, so that the posts are spread over many patients. BODY carries the CSRF token.
-- At the end it prints one JSON line with the figures pages.py reads.

local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_number", counter)
end

local mode, body
local cookies = {}
local turn = 0

function init(args)
   mode = args[1] or "get"
   for cookie in string.gmatch(args[2] or "", "[^\n]+") do
      table.insert(cookies, cookie)
   end
   body = args[3] or ""
   if mode ~= "get" then
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   end
   math.randomseed(os.time() * 1000 + (thread_number or 0))
end

local function uuid4()
   local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
   return (string.gsub(template, "[xy]", function(c)
      local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
      return string.format("%x", v)
   end))
end

function request()
   if #cookies > 0 then
      turn = turn % #cookies + 1
      wrk.headers["Cookie"] = cookies[turn]
   end
   if mode == "workout" then
      return wrk.format(nil, nil, nil, body .. "&client_uuid=" .. uuid4())
   elseif mode == "post" then
      return wrk.format(nil, nil, nil, body)
   end
   return wrk.format()
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
      '"status_errors": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.status, e.connect, e.read, e.write, e.timeout))
end
