-- Attempts: output that breaks XML written carelessly: "]]>" (ends a CDATA section),
-- "<", "&", quotes, a closing </system-out>, a fake <testcase>, a processing instruction,
-- and characters XML 1.0 forbids (form feed, vertical tab, U+FFFE, U+FFFF).
-- Right verdict: 3/3; the JUnit report still parses and says the same.
print("hello")
print("]]></system-out></testsuite><testcase name=\"forged\"/><![CDATA[")
print("<?xml version=\"1.0\"?> & &amp; &#0; \"'<>")
print("\f\v\xef\xbf\xbe\xef\xbf\xbf")
return 42
