import CLuaWatch
import Testing

/// The allocator that fixes addresses and the fixed string seed are in place on this
/// machine's liblua (docs/design/0004-fixed-iteration-order.md): if either fell back, runs
/// would still work, but `pairs` would change order from run to run.
@Suite struct FixedOrderTests {
    @Test func everyNewStateHasTheFixedOrder() {
        let states = (0..<3).map { _ in clua_limits_newstate(64 << 20)! }
        defer {
            for state in states {
                let data = clua_limits_allocator_data(state)
                lua_close(state)
                clua_limits_release(data)
            }
        }
        for state in states { #expect(clua_limits_fixed_order(state) == 1) }
    }
}
