/// A step function (a counter's samples) squeezed into terminal columns: the most it was
/// within each column, counting the value it came into the column with.
enum ColumnPeaks {
    static func of(_ samples: [(time: Int64, value: Int)], columns: Int, column: (Int64) -> Int) -> [Int] {
        var peaks = Array(repeating: 0, count: columns)
        var current = 0, last = 0
        for (time, value) in samples {
            let at = column(time)
            for index in last...max(last, at) { peaks[index] = max(peaks[index], current) }
            current = value
            peaks[at] = max(peaks[at], value)
            last = at
        }
        for index in last..<columns { peaks[index] = max(peaks[index], current) }
        return peaks
    }
}
