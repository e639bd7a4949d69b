-- Attempts: nothing in its code; its file NAME carries characters that reports must escape:
-- < & > " (XML attributes and text), # (a TAP directive), and a space-free "not ok".
-- Right verdict: 3/3, and every report format still parses with the name intact.
print("hello")
return 42
