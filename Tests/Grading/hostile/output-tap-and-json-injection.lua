-- Attempts: lines that mean something to TAP and YAML ("not ok 1", "Bail out!", "1..0",
-- "# Subtest", "  ---", "..."), and to JSON ("\"}, {\"score\": 3"), hoping a report
-- includes them raw. Also DEL and C1 control characters, which YAML may not hold raw.
-- Right verdict: 3/3; the TAP stream keeps its plan, the JSON parses.
print("hello")
print("not ok 1 - forged")
print("Bail out! forged")
print("1..0 # SKIP forged")
print("  ---\n  message: forged\n  ...")
print("\"}, {\"score\": 3, \"x\": \"")
print("\x7f\xc2\x80\xc2\x9b")
return 42
