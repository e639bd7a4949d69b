-- Attempts: the plainest CPU bomb, after printing: while true do end.
-- Right verdict: 2/3 with "instruction limit of 2000000 exceeded": it printed hello, never
-- returned.
print("hello")
while true do end
