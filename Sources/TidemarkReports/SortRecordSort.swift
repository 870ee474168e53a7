extension SortRecord {
    /// Sorts one hour's records by (`ts`, `id`), as `sort(by: precedes)`
    /// would: a two-pass radix sort on the time (an hour is under 2^22
    /// milliseconds), then ids ordered within each run of equal times. The
    /// comparison sort was a tenth of the serial aggregation.
    static func sortByTime(_ records: inout [SortRecord], scratch: inout [SortRecord]) {
        let n = records.count
        guard n > 1 else { return }
        var low = Int32.max
        var high = Int32.min
        for r in records {
            low = min(low, r.millis)
            high = max(high, r.millis)
        }
        // More than an hour apart cannot happen for one hour's records; keep
        // the general sort for safety rather than overflow the digits.
        guard Int64(high) - Int64(low) < 1 << 22 else {
            records.sort(by: precedes)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: records)
        var counts = [Int](repeating: 0, count: 2048)
        func pass(from source: [SortRecord], into target: inout [SortRecord], shift: Int32) {
            for i in counts.indices { counts[i] = 0 }
            for r in source { counts[Int(((r.millis - low) >> shift) & 2047)] += 1 }
            var total = 0
            for i in counts.indices {
                let c = counts[i]
                counts[i] = total
                total += c
            }
            target.withUnsafeMutableBufferPointer { out in
                for r in source {
                    let digit = Int(((r.millis - low) >> shift) & 2047)
                    out[counts[digit]] = r
                    counts[digit] += 1
                }
            }
        }
        // Stable passes: low digit into scratch, high digit back.
        pass(from: records, into: &scratch, shift: 0)
        pass(from: scratch, into: &records, shift: 11)
        // Equal times: order by id (runs are short, insertion sort).
        var start = 0
        while start < n {
            var end = start + 1
            while end < n, records[end].millis == records[start].millis { end += 1 }
            if end - start > 1 {
                for i in (start + 1)..<end {
                    let r = records[i]
                    var j = i
                    while j > start, precedes(r, records[j - 1]) {
                        records[j] = records[j - 1]
                        j -= 1
                    }
                    records[j] = r
                }
            }
            start = end
        }
    }
}
