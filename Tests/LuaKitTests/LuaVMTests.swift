import Testing
@testable import LuaKit

@Suite struct LuaVMTests {
    @Test func aChunkThatEndsEarlyIsIncompleteNotWrong() {
        let vm = LuaVM()
        #expect(vm.load("for i = 1, 3 do", chunkName: "=stdin") == .syntaxError(
            message: "stdin:1: 'end' expected near <eof>", incomplete: true))
        vm.lua.pop()
        if case .syntaxError(_, let incomplete) = vm.load("x = = 1", chunkName: "=stdin") {
            #expect(!incomplete)
        } else {
            Issue.record("a malformed chunk must be a syntax error")
        }
    }

    @Test func protectedCallReturnsResultsOrTheErrorWithATraceback() {
        let vm = LuaVM()
        #expect(vm.load("return 1 + 2", chunkName: "=ok") == .loaded)
        #expect(vm.protectedCall(arguments: 0, results: 1))
        #expect(vm.lua.integer(at: -1) == 3)
        vm.lua.pop()
        #expect(vm.load("error('boom')", chunkName: "=bad") == .loaded)
        #expect(!vm.protectedCall(arguments: 0, results: 0))
        let message = vm.lua.string(at: -1) ?? ""
        #expect(message.hasPrefix("bad:1: boom\nstack traceback:"))
    }

    @Test func aSwiftFunctionRaisesThroughTheTrampolineWithoutUnwindingSwift() {
        let vm = LuaVM()
        let strict: LuaFunction = { state in
            let lua = Lua(state!)
            guard let value = lua.integer(at: 1) else { return lua.typeError(1, "strict", expected: "integer", at: 1) }
            lua.push(value * 2)
            return 1
        }
        vm.lua.push(strict)
        vm.lua.pushCopy(of: -1)
        vm.lua.push(21)
        #expect(vm.protectedCall(arguments: 1, results: 1))
        #expect(vm.lua.integer(at: -1) == 42)
        vm.lua.pop()
        vm.lua.push("x")
        #expect(!vm.protectedCall(arguments: 1, results: 1))
        #expect(vm.lua.string(at: -1)?.contains("bad argument #1 to 'strict' (integer expected, got string)") == true)
    }

    @Test func numbersAndStringsAreNeverConvertedImplicitly() {
        let vm = LuaVM()
        vm.lua.push("12")
        #expect(vm.lua.integer(at: -1) == nil)
        vm.lua.push(1.5)
        #expect(vm.lua.integer(at: -1) == nil)
        #expect(vm.lua.number(at: -1) == 1.5)
        #expect(vm.lua.string(at: -1) == nil)
    }
}

@Suite struct PlainValueTests {
    @Test func aValueIsWrittenAsLuaWouldWriteItWithItsKeysSorted() {
        let value: PlainValue = ["status": 200, "body": "a \"quoted\" line\n", "tags": ["x", 1.5, true, nil], "my key": [:]]
        #expect(value.description == #"{ body = "a \"quoted\" line\n", ["my key"] = {}, status = 200, tags = { "x", 1.5, true, nil } }"#)
    }

    @Test func accessorsReadWhatIsThereAndNilOtherwise() {
        let value: PlainValue = ["status": 200, "list": [10, 20]]
        #expect(value["status"].intValue == 200)
        #expect(value["status"].stringValue == nil)
        #expect(value["list"][2].intValue == 20)
        #expect(value["list"][3].isNil)
        #expect(value["missing"].isNil)
        #expect(PlainValue.number(3.0).intValue == 3)
        #expect(PlainValue.number(3.5).intValue == nil)
    }
}
