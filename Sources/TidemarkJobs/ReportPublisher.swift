import Foundation
import TidemarkCodec
import TidemarkReplication
import TidemarkReports
import TidemarkStore

/// Writes a window's files to every region and the local folder, skipping
/// any copy that already holds the same bytes; the manifest goes last, so a
/// manifest always describes files that are there.
struct ReportPublisher: Sendable {
    let prefix: String
    let regions: RegionSet
    let localDir: String?

    struct Outcome: Sendable {
        /// Objects written (regions and local folder).
        var written = 0
        /// Regions that could not take the files: they get them on a later run or repair.
        var failedRegions: [String] = []
    }

    func publish(_ window: ReportWindow, files: [(ReportFile, [UInt8])]) async -> Outcome {
        let ordered = files.sorted { a, _ in a.0 != .manifest }
        let prepared = ordered.map { (file: $0.0, bytes: $0.1, sha: Checksum.sha256Hex($0.1)) }
        let down = await regions.health.downSet()
        let results = await withTaskGroup(of: RegionWrite.self) { group in
            for store in regions.stores {
                group.addTask {
                    // A region that did not answer earlier in this run gets the files next run.
                    if down.contains(store.name) { return RegionWrite(region: store.name, written: 0, ok: false) }
                    var written = 0
                    for f in prepared {
                        let key = window.key(prefix: prefix, file: f.file)
                        do {
                            if let info = try? await store.head(key), info.sha256 == f.sha, info.size == f.bytes.count {
                                continue
                            }
                            _ = try await store.put(
                                key, bytes: f.bytes, sha256: f.sha, contentType: f.file.contentType, ifAbsent: false)
                            written += 1
                        } catch {
                            if StoreError.wrap(error, region: store.name, operation: "PUT", key: key).isUnavailable {
                                await regions.health.markDown(store.name)
                            }
                            return RegionWrite(region: store.name, written: written, ok: false)
                        }
                    }
                    return RegionWrite(region: store.name, written: written, ok: true)
                }
            }
            var out: [RegionWrite] = []
            for await r in group { out.append(r) }
            return out
        }
        var outcome = Outcome()
        for r in results {
            outcome.written += r.written
            if !r.ok { outcome.failedRegions.append(r.region) }
        }
        outcome.failedRegions.sort()
        if let localDir {
            let dir = localDir + "/" + window.identity
            for f in prepared {
                let path = dir + "/" + f.file.fileName
                if let existing = try? DurableFiles.read(path), existing == f.bytes { continue }
                if (try? DurableFiles.write(f.bytes, to: path)) != nil { outcome.written += 1 }
            }
        }
        return outcome
    }
}

/// One region's part of a publish (a struct, not a tuple: see `Indexed`).
private struct RegionWrite: Sendable {
    var region: String
    var written: Int
    var ok: Bool
}
