-- Renders a value as a Lua constructor, for reports and the REPL: {1, 2, 3},
-- {name = "x", n = 2}, nested to a depth of 4, each table cut after 20 items, and a table
-- met again inside itself marked <cycle>. Tables are read raw; only a __tostring runs
-- (a value that has one is shown by it). Keys come in a stable order, so that a report
-- is the same on every run, and so do functions and threads: by type, not address.
local type, tostring, rawget, next, getmetatable, pcall = type, tostring, rawget, next, getmetatable, pcall
local format, match, gsub, concat, sort = string.format, string.match, string.gsub, table.concat, table.sort
local math_type = math.type

local MAX_DEPTH, MAX_ITEMS = 4, 20

local KEYWORDS = {}
for word in ("and break do else elseif end false for function goto if in local nil not or repeat return "
    .. "then true until while"):gmatch("%a+") do KEYWORDS[word] = true end

local TYPE_ORDER = { number = 1, string = 2, boolean = 3 }

local function key_before(a, b)
    local ta, tb = TYPE_ORDER[type(a)] or 4, TYPE_ORDER[type(b)] or 4
    if ta ~= tb then return ta < tb end
    if ta == 1 or ta == 2 then return a < b end
    if ta == 3 then return not a and b end
    return false  -- tables, functions as keys: no stable order to give them
end

local function has_tostring(v)
    local mt = getmetatable(v)
    return type(mt) == "table" and rawget(mt, "__tostring") ~= nil
end

local render

local function render_key(k, path)
    if type(k) == "string" and match(k, "^[%a_][%w_]*$") and not KEYWORDS[k] then return k end
    return "[" .. render(k, path, MAX_DEPTH) .. "]"
end

local function render_table(t, path, depth)
    if path[t] then return "<cycle>" end
    if depth >= MAX_DEPTH then return "{...}" end
    path[t] = true
    local parts, length = {}, 0
    while rawget(t, length + 1) ~= nil and length < MAX_ITEMS do
        length = length + 1
        parts[length] = render(rawget(t, length), path, depth + 1)
    end
    local keys, count = {}, length
    for k in next, t do
        if not (math_type(k) == "integer" and k >= 1 and k <= length) then keys[#keys + 1] = k end
    end
    sort(keys, key_before)
    for i = 1, #keys do
        if #parts >= MAX_ITEMS then
            parts[#parts + 1] = format("... (%d more)", #keys - i + 1)
            break
        end
        local k = keys[i]
        parts[#parts + 1] = render_key(k, path) .. " = " .. render(rawget(t, k), path, depth + 1)
    end
    path[t] = nil
    if #parts == 0 then return "{}" end
    return "{" .. concat(parts, ", ") .. "}"
end

function render(v, path, depth)
    local kind = type(v)
    if kind == "string" then return (gsub(format("%q", v), "\\\n", "\\n")) end
    if kind == "number" or kind == "boolean" or kind == "nil" then return tostring(v) end
    if has_tostring(v) then
        local ok, text = pcall(tostring, v)
        if ok and type(text) == "string" then return text end
    end
    if kind == "table" then return render_table(v, path, depth) end
    return "<" .. kind .. ">"
end

return function(v) return render(v, {}, 0) end
