import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkReports
import TidemarkStore

/// Plans and builds report windows: lists inputs in every region, compares
/// them with each window's manifest, and rebuilds only what changed.
package struct JobRunner: Sendable {
    /// Key prefix inside every bucket.
    package let prefix: String
    /// The regions, in read order.
    package let regions: RegionSet
    /// Optional extra local copy of every report.
    package let localDir: String?
    /// Segments fetched at once per window.
    package let segmentWidth: Int
    /// Windows built at once.
    package let windowWidth: Int
    /// The current time, for completeness (passed in, never read here).
    package let nowMillis: Int64
    /// A collector whose watermark lags now by more than this has retired.
    package let retireAfterMillis: Int64

    package init(
        prefix: String, regions: RegionSet, localDir: String?, nowMillis: Int64 = .max,
        retireAfterMillis: Int64 = 86_400_000, segmentWidth: Int = 4, windowWidth: Int = 2
    ) {
        self.prefix = prefix
        self.regions = regions
        self.localDir = localDir
        self.nowMillis = nowMillis
        self.retireAfterMillis = retireAfterMillis
        self.segmentWidth = segmentWidth
        self.windowWidth = windowWidth
    }

    /// What happened to one window.
    package enum Status: String, Sendable {
        /// Built and stored (some bytes changed, or a region lacked them).
        case built
        /// Inputs unchanged since the stored manifest; nothing written.
        case unchanged
        /// No segments for the window and no report yet: nothing to build.
        case empty
        /// Could not be built.
        case failed
    }

    /// One window's result.
    package struct WindowResult: Sendable {
        package var window: ReportWindow
        package var status: Status
        package var segments = 0
        package var eventsRead = 0
        package var bytesRead = 0
        package var objectsWritten = 0
        package var regionsBehind: [String] = []
        /// Whether the window was complete (every collector's watermark past its end).
        package var complete = true
        package var seconds: Double = 0
        package var error: String?
        /// What was wrong without stopping the window: its stored manifest
        /// could not be read or decoded (a ``StateError`` naming key, region
        /// and field), so the window was rebuilt.
        package var warning: String?
    }

    /// Sites to report on: the job's, else the configured ones, else every
    /// site found in any region.
    package func sites(job: JobDefinition, configured: [String]) async throws -> [String] {
        if let s = job.sites, !s.isEmpty { return s }
        if !configured.isEmpty { return configured }
        var found: Set<String> = []
        var reached = false
        for store in regions.stores {
            guard let folders = try? await store.listFolders(prefix: SegmentKey.events(prefix: prefix)) else { continue }
            reached = true
            for f in folders {
                if let site = BucketLayout.folderValue(f, field: "site"), Validation.isSiteID(site) { found.insert(site) }
            }
        }
        guard reached else { throw JobsError("no region answered a listing; cannot find the sites to report on") }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Builds `windows` (skipping unchanged ones unless `force`), calling
    /// `report` as each finishes and `onBytes` as segments arrive.
    package func run(
        _ windows: [ReportWindow], formats: [ReportFile], force: Bool,
        onBytes: @escaping @Sendable (Int) -> Void = { _ in },
        report: @escaping @Sendable (WindowResult) -> Void
    ) async -> [WindowResult] {
        let index = PartitionIndex(prefix: prefix, regions: regions)
        let marks = WatermarkReader(prefix: prefix, regions: regions)
        return await withTaskGroup(of: WindowResult.self) { group in
            var next = 0
            var results: [WindowResult] = []
            func start() {
                guard next < windows.count else { return }
                let w = windows[next]
                next += 1
                group.addTask {
                    let r = await runOne(w, index: index, marks: marks, formats: formats, force: force, onBytes: onBytes)
                    report(r)
                    return r
                }
            }
            for _ in 0..<max(1, windowWidth) { start() }
            for await r in group {
                results.append(r)
                start()
            }
            return results.sorted { $0.window < $1.window }
        }
    }

    private func runOne(
        _ window: ReportWindow, index: PartitionIndex, marks: WatermarkReader, formats: [ReportFile], force: Bool,
        onBytes: @escaping @Sendable (Int) -> Void
    ) async -> WindowResult {
        let started = ContinuousClock.now
        var result = WindowResult(window: window, status: .failed)
        do {
            let inputs = try await index.inputs(for: window)
            result.segments = inputs.segments.count
            let stored = await index.storedManifest(for: window)
            let complete = await marks.watermarks(site: window.site)
                .isComplete(window, nowMillis: nowMillis, retireAfterMillis: retireAfterMillis)
            result.complete = complete
            if let stored, case .failure(let error) = stored.manifest { result.warning = "\(error)" }
            if !force, let stored, case .success(let manifest) = stored.manifest {
                // A report built in another zone (or before zones) covers other events.
                if manifest.segments.map(\.key) == inputs.segments.map(\.key),
                    manifest.lookback.map(\.key) == inputs.lookback.map(\.key), manifest.complete == complete,
                    manifest.window.timeZone == window.zone.identifier, stored.presentInAllRegions,
                    window.kind != .daily || stored.hasPartial
                {
                    result.status = .unchanged
                    result.seconds = seconds(since: started)
                    return result
                }
            }
            if inputs.segments.isEmpty && stored == nil {
                result.status = .empty
                result.seconds = seconds(since: started)
                return result
            }
            let builder = WindowBuilder(loader: SegmentLoader(regions: regions, prefix: prefix), width: segmentWidth)
            let built = try await builder.build(inputs, complete: complete, onBytes: onBytes)
            var files: [(ReportFile, [UInt8])] = []
            // The HTML headline shows the change against the previous window's stored totals.
            var previous: ReportTotals?
            if formats.contains(.html) {
                let before = window.previous
                if let object = try? await regions.readVerified(before.key(prefix: prefix, file: .json)) {
                    previous = ReportTotals(reportJSON: object.bytes)
                }
            }
            for f in formats {
                switch f {
                case .json: files.append((.json, ReportJSONWriter.bytes(built.report)))
                case .csv: files.append((.csv, ReportCSVWriter.bytes(built.report)))
                case .html: files.append((.html, ReportHTMLWriter.bytes(built.report, previous: previous)))
                case .manifest, .partial: break
                }
            }
            let manifestBytes = built.manifest.jsonBytes
            if var partial = built.partial {
                // The partial names the manifest it belongs to, so a period can tell a stale one.
                partial.manifestSHA256 = Checksum.sha256Hex(manifestBytes)
                files.append((.partial, try PartialObject.encode(partial)))
            }
            files.append((.manifest, manifestBytes))
            let publisher = ReportPublisher(prefix: prefix, regions: regions, localDir: localDir)
            let outcome = await publisher.publish(window, files: files)
            if outcome.failedRegions.count == regions.stores.count {
                throw JobsError("window \(window.identity): no region accepted the report")
            }
            result.status = .built
            result.eventsRead = built.eventsRead
            result.bytesRead = built.bytesRead
            result.objectsWritten = outcome.written
            result.regionsBehind = outcome.failedRegions
        } catch {
            result.status = .failed
            result.error = "window \(window.identity): \(error)"
        }
        result.seconds = seconds(since: started)
        return result
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
