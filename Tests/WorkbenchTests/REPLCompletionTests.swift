import LuaAsync
import Scheduler
import Testing

/// What Tab offers at the prompt: names in scope, the fields after `.` and the methods
/// after `:` of any global value.
@Suite struct REPLCompletionTests {
    @Test func completionKnowsFieldsAndMethodsOfValuesInScope() async throws {
        let runtime = Runtime(clock: VirtualClock())
        _ = try await runtime.runScript(source: """
            q = asyncio.Queue()
            sem = asyncio.Semaphore(2)
            config = { retries = 3, base_url = "x", [1] = "not a name", ["two words"] = 1 }
            local Account = {}
            Account.__index = Account
            function Account.deposit(self, n) self.balance = self.balance + n end
            account = setmetatable({ balance = 0 }, Account)
            """, chunkName: "setup.lua")
        let names = Set(runtime.completionNames())
        for expected in ["q:put", "q:get_nowait", "sem:acquire", "sem:with", "config.retries", "config.base_url",
                         "account:deposit", "account.balance", "asyncio.sleep", "string.format", "print"] {
            #expect(names.contains(expected), "\(expected)")
        }
        #expect(!names.contains("config:retries"))
        #expect(!names.contains { $0.hasPrefix("config.two") || $0.hasPrefix("config.1") })
    }
}
