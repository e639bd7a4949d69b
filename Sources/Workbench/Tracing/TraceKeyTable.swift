import Scheduler

/// Label numbers by `TraceKey`, in an open-addressed table with a multiply-shift hash: a
/// dictionary's SipHash of the key's 24 bytes was a large part of recording an event.
struct TraceKeyTable {
    private var keys: [TraceKey?]
    private var values: [Int]
    private var count = 0
    private var shift: UInt64

    init() {
        keys = Array(repeating: nil, count: 64)
        values = Array(repeating: 0, count: 64)
        shift = 64 - 6
    }

    @inline(__always)
    private func slot(_ key: TraceKey) -> Int {
        let mixed = (key.object ^ key.state &* 0x9E37_79B9_7F4A_7C15 ^ key.more &* 0xC2B2_AE3D_27D4_EB4F) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> shift)
    }

    @inline(__always)
    subscript(key: TraceKey) -> Int? {
        var index = slot(key)
        while let stored = keys[index] {
            if stored == key { return values[index] }
            index = (index + 1) & (keys.count - 1)
        }
        return nil
    }

    mutating func insert(_ key: TraceKey, _ value: Int) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(key)
        while keys[index] != nil { index = (index + 1) & (keys.count - 1) }
        keys[index] = key
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        let old = zip(keys, values).compactMap { key, value in key.map { ($0, value) } }
        keys = Array(repeating: nil, count: keys.count * 2)
        values = Array(repeating: 0, count: keys.count)
        shift -= 1
        count = 0
        for (key, value) in old { insert(key, value) }
    }
}
