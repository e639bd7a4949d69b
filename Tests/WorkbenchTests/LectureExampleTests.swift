import Testing

/// The lecture's four examples, translated line for line, behave as the lecture says.
@Suite struct LectureExampleTests {
    @Test(arguments: GoldenFiles.scripts(in: "examples/lecture"))
    func exampleMatchesItsGoldenTranscript(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script)
        #expect(actual == expected)
    }

    @Test func semaphoreExampleRunsThreeBatchesInExactlyNinetyHundredths() async throws {
        let (actual, _) = try await GoldenFiles.compare("examples/lecture/24.1-semaphore-rate-limit.lua")
        let lines = actual.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("[0.00]") && $0.hasSuffix("started") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("[0.30]") && $0.hasSuffix("started") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("[0.60]") && $0.hasSuffix("started") }.count == 3)
        #expect(lines.contains("All done in 0.90s"))
    }

    @Test func raceExampleCancelsTheTwoSlowerRegions() async throws {
        let (actual, _) = try await GoldenFiles.compare("examples/lecture/24.2-wait-first-completed.lua")
        #expect(actual.hasPrefix("Winner: Response from "))
        #expect(actual.hasSuffix("Cancelled 2 slower tasks\n"))
    }

    @Test func retryExampleRetriesCallsThatTimeOut() async throws {
        let (actual, _) = try await GoldenFiles.compare("examples/lecture/24.3-wait-for-retry.lua")
        #expect(actual.contains("attempt 1 timed out"))
        #expect(actual.contains("succeeded on attempt"))
        #expect(!actual.contains("--- stderr"))
    }

    @Test func queueExampleProcessesAllTenItems() async throws {
        let (actual, _) = try await GoldenFiles.compare("examples/lecture/24.4-producer-consumer-queue.lua")
        #expect(actual.split(separator: "\n").filter { $0.hasPrefix("Produced:") }.count == 10)
        #expect(actual.hasSuffix("Total processed: 10\n"))
    }

    @Test func slowConsumersThrottleTheProducerThroughTheFullQueue() async throws {
        let (actual, _) = try await GoldenFiles.compare(
            "examples/lecture/24.4-producer-consumer-queue.lua", arguments: ["0.3"],
            expectedFile: "examples/lecture/24.4-producer-consumer-queue.slow.expected")
        // Items come every 0.05s and leave every 0.15s on average: by 0.40s five wait in the
        // queue, so the put of item 9 blocks until a consumer takes one at 0.60s.
        let lines = actual.split(separator: "\n")
        let last = try #require(lines.firstIndex { $0.hasPrefix("Produced: {id: 9,") })
        #expect(lines[last - 1].hasPrefix("Consumer"))
        #expect(lines[last - 2].hasPrefix("Produced: {id: 8,"))
        #expect(actual.hasSuffix("Total processed: 10\n"))
    }
}

/// The scenarios beyond the lecture (examples/*.lua) print what their headers promise.
@Suite struct ScenarioExampleTests {
    @Test(arguments: GoldenFiles.scripts(in: "examples"))
    func scenarioMatchesItsGoldenTranscript(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script)
        #expect(actual == expected)
    }
}

/// Each pitfall in examples/pitfalls triggers the diagnostic docs/diagnostics.md shows.
/// (cpu-blocks-the-loop needs real time, so CLITests runs it.)
@Suite struct PitfallTests {
    static let scripts = GoldenFiles.scripts(in: "examples/pitfalls").filter { !$0.hasSuffix("cpu-blocks-the-loop.lua") }

    @Test(arguments: scripts)
    func pitfallIsReported(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script)
        #expect(actual == expected)
        #expect(actual.contains("--- stderr\ntide: "), "\(script) must trigger a diagnostic")
    }
}

/// The lecture's examples again, against simulated services (examples/sim, docs/sim.md).
@Suite struct SimExampleTests {
    @Test(arguments: GoldenFiles.scripts(in: "examples/sim"))
    func exampleMatchesItsGoldenTranscript(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script)
        #expect(actual == expected)
    }

    @Test func withoutTheSemaphoreTheCappedAPIAnswers503() async throws {
        let (actual, expected) = try await GoldenFiles.compare(
            "examples/sim/24.1-semaphore-vs-capped-api.lua", arguments: ["unguarded"],
            expectedFile: "examples/sim/24.1-semaphore-vs-capped-api.unguarded.expected")
        #expect(actual == expected)
        #expect(actual.split(separator: "\n").filter { $0.hasSuffix("503 Service Unavailable") }.count == 6)
        #expect(actual.contains("peak 9 in flight"))
    }

    @Test func withTheSemaphoreNoCallIsRejected() async throws {
        let (actual, _) = try await GoldenFiles.compare("examples/sim/24.1-semaphore-vs-capped-api.lua")
        #expect(!actual.contains("Service Unavailable"))
        #expect(actual.contains("0 answered 503, peak 3 in flight"))
        #expect(actual.contains("All done in 0.90s"))
    }

    @Test func withoutADeadlineAHungCallDeadlocks() async throws {
        let (actual, expected) = try await GoldenFiles.compare(
            "examples/sim/24.3-timeout-a-hanging-service.lua", arguments: ["no-deadline"],
            expectedFile: "examples/sim/24.3-timeout-a-hanging-service.no-deadline.expected")
        #expect(actual == expected)
        #expect(actual.contains("tide: deadlock"))
    }

    @Test func everyHungCallIsCancelledByTheDeadline() async throws {
        let (actual, _) = try await GoldenFiles.compare("examples/sim/24.3-timeout-a-hanging-service.lua")
        #expect(actual.contains("0 still hanging"))
        #expect(!actual.contains("--- stderr"))
    }
}
