-- Attempts: raise an error object whose __tostring itself raises, so that reporting the
-- error raises again.
-- Right verdict: 2/3: prints hello, fails; the report describes the error object
-- ("(error object is a table value)") instead of crashing or losing the grade.
print("hello")
error(setmetatable({}, { __tostring = function() error("__tostring refuses") end }))
