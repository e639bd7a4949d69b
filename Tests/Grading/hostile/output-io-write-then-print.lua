-- Attempts: mix io.write and print on one line, as scripts written for plain Lua do
-- (io.write("hel") then print("lo") prints "hello" in lua5.4).
-- Right verdict: 3/3: the line reads "hello", in order.
io.write("hel")
print("lo")
return 42
