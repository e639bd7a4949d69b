import Dispatch
import Testing
import Tide

/// The embedding API as an application uses it: one `import Tide`.
@Suite struct EmbeddingTests {
    @Test func aScriptFromAStringReturnsItsValuesAndDiagnostics() async throws {
        let runtime = Runtime(clock: .virtual, seed: 3)
        runtime.register("host.double") { arguments in
            guard case .integer(let n) = arguments.first ?? .none else { throw HostError(type: "ValueError", message: "n") }
            return [.integer(2 * n)]
        }
        let result = try await runtime.run("""
            asyncio.create_task(function() asyncio.sleep(5) end)
            asyncio.sleep(1)
            return host.double(21), { name = "answer" }
            """, name: "answer.lua")
        #expect(result.ending == .completed)
        #expect(result.elapsed == 1)
        #expect(result.returned == [.integer(42), .table(["name": .string("answer")])])
        #expect(result.diagnostics.map(\.kind) == [.pendingAtExit])
    }

    @Test func aHostErrorReachesTheScriptWithItsTypeAndTheRunWithItsMessage() async throws {
        let runtime = Runtime(clock: .virtual)
        runtime.register("fetch") { _ in throw HostError(type: "FetchError", message: "503") }
        let result = try await runtime.run("fetch('/')", name: "fails.lua")
        #expect(result.ending == .failed)
        #expect(result.error?.message.contains("FetchError: 503") == true)
    }

    @Test func anotherThreadSetsAnEventAndPutsOnAQueueThroughTheHandle() async throws {
        let runtime = Runtime(clock: .real)
        let handle = runtime.handle
        // The globals the thread posts to exist before it starts (a post to a missing one
        // is reported, not kept).
        _ = try await runtime.run("inbox = asyncio.Queue() ready = asyncio.Event()")
        // The outside thread's work is in flight until it is done: the loop waits for it.
        let work = handle.beginWork()
        DispatchQueue.global().async {
            handle.put("first", on: "inbox")
            handle.put("second", on: "inbox")
            handle.setEvent("ready")
            work.complete {}
        }
        let result = try await runtime.run("""
            ready:wait()
            return inbox:get(), inbox:get()
            """)
        #expect(result.ending == .completed, "\(result.diagnostics)")
        #expect(result.returned == [.string("first"), .string("second")])
    }

    @Test func aSecondRunReportsItsOwnDiagnosticsAndTimeAndMayUseFunctionsRegisteredAfterTheFirst() async throws {
        let runtime = Runtime(clock: .virtual)
        let first = try await runtime.run("asyncio.create_task(function() asyncio.sleep(9) end) asyncio.sleep(2)")
        #expect(first.diagnostics.count == 1)
        // The run may have ended on another thread than it began: registering now is allowed.
        runtime.register("host.answer") { _ in [42] }
        let second = try await runtime.run("asyncio.sleep(1) return host.answer()")
        #expect(second.diagnostics.isEmpty)
        #expect(second.elapsed == 1)
        #expect(second.returned == [42])
    }
}
