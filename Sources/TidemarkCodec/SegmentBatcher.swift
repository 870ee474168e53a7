import TidemarkCore

/// Groups event lines by site and UTC hour and seals a segment whenever one
/// grows past its bounds, so memory holds compressed bytes of a bounded number
/// of open segments. The same input in the same order always gives the same
/// segments, so re-ingesting a file uploads nothing new.
package final class SegmentBatcher {
    /// Limits on one segment and on how many stay open at once.
    package struct Limits: Sendable {
        /// Seal when the uncompressed lines pass this many bytes.
        package var maxRawBytes: Int = 8 << 20
        /// Seal when a segment holds this many events.
        package var maxEvents: Int = 50_000
        /// Seal the oldest open segment when more than this many are open.
        package var maxOpen: Int = 256

        package init() {}
    }

    private struct Partition: Hashable {
        var site: String
        var hour: UTCHour
    }

    private let prefix: String
    private let limits: Limits
    private var open: [Partition: SegmentBuilder] = [:]
    private var openOrder: [Partition] = []

    /// Prepares to batch segments under `prefix`.
    package init(prefix: String, limits: Limits = Limits()) {
        self.prefix = prefix
        self.limits = limits
    }

    /// Adds one validated event's line; returns the segments this sealed.
    package func add(line: UnsafeRawBufferPointer, event: Event) throws -> [SealedSegment] {
        let partition = Partition(site: event.site, hour: event.hour)
        var sealed: [SealedSegment] = []
        let builder: SegmentBuilder
        if let existing = open[partition] {
            builder = existing
        } else {
            if open.count >= limits.maxOpen, let oldest = openOrder.first {
                sealed.append(try close(oldest))
            }
            builder = try SegmentBuilder(site: event.site, hour: event.hour)
            open[partition] = builder
            openOrder.append(partition)
        }
        try builder.append(line: line, epochMillis: event.epochMillis)
        if builder.rawBytes >= limits.maxRawBytes || builder.eventCount >= limits.maxEvents {
            sealed.append(try close(partition))
        }
        return sealed
    }

    /// Seals every open segment, in the order they were opened.
    package func finish() throws -> [SealedSegment] {
        var sealed: [SealedSegment] = []
        while let first = openOrder.first {
            sealed.append(try close(first))
        }
        return sealed
    }

    private func close(_ partition: Partition) throws -> SealedSegment {
        openOrder.removeAll { $0 == partition }
        guard let builder = open.removeValue(forKey: partition) else {
            throw CodecError.corrupt("no open segment for \(partition.site) \(partition.hour.dateString)")
        }
        return try builder.seal(prefix: prefix)
    }
}
