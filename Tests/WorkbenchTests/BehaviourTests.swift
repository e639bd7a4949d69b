import Testing

/// The Lua behaviour suite: every script in Tests/Behaviour, on the virtual clock.
@Suite struct BehaviourTests {
    @Test(arguments: GoldenFiles.scripts(in: "Tests/Behaviour"))
    func script(_ script: String) async throws {
        let (actual, expected) = try await GoldenFiles.compare(script)
        #expect(actual == expected, "\(script) printed something else than its .expected file")
    }
}
