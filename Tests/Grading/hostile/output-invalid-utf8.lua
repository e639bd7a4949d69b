-- Attempts: output that is not UTF-8: lone continuation bytes, an overlong NUL, a UTF-16
-- surrogate encoded in UTF-8, 0xFF/0xFE, a truncated sequence at the end of a line.
-- Right verdict: 3/3; the reports stay valid UTF-8 (JSON and XML must parse).
print("hello")
print("\x80\x81 \xc0\x80 \xed\xa0\x80 \xff\xfe \xe2\x82")
print("caf\xe9")
return 42
