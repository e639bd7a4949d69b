-- Attempts: nest tables ever deeper ({ {  { ... } } }), a million levels and more, which
-- also makes anything that walks the value recursively (a copier, a printer) overflow.
-- Right verdict: 1/3 with "memory limit of 16 MiB exceeded".
local t = {}
while true do t = { t, t } end
