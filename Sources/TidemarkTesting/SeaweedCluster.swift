import Foundation

/// Several ``SeaweedRegion``s started together, each in its own subdirectory of one run directory.
package final class SeaweedCluster: Sendable {
    /// The regions, in the order their names were given.
    package let regions: [SeaweedRegion]
    /// Run directory holding one subdirectory per region.
    package let directory: URL
    private let ownsDirectory: Bool

    private init(regions: [SeaweedRegion], directory: URL, ownsDirectory: Bool) {
        self.regions = regions
        self.directory = directory
        self.ownsDirectory = ownsDirectory
    }

    /// Starts one server per name in parallel and waits until all answer signed S3 requests.
    ///
    /// Without `directory`, data goes to a fresh `<package root>/.tidemark-test/run-<pid>-<n>/`,
    /// removed by ``stop()``.
    package static func start(
        regions names: [String] = ["eu", "us", "ap"],
        in directory: URL? = nil
    ) async throws(SeaweedError) -> SeaweedCluster {
        let weedPath = try SeaweedInstall.weedPath()
        let root: URL
        if let directory {
            root = directory
        } else {
            root = try TestDirectories.newRunDirectory()
        }
        SeaweedProcessRegistry.shared.registerDirectory(root)
        let results = await withTaskGroup(of: (Int, Result<SeaweedRegion, SeaweedError>).self) { group in
            for (index, name) in names.enumerated() {
                group.addTask {
                    do throws(SeaweedError) {
                        let regionDirectory = root.appendingPathComponent(name)
                        let region = try await SeaweedRegion.start(name: name, in: regionDirectory, weedPath: weedPath)
                        return (index, .success(region))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [(Int, Result<SeaweedRegion, SeaweedError>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var regions: [SeaweedRegion] = []
        var failures: [SeaweedError] = []
        for result in results {
            switch result {
            case .success(let region): regions.append(region)
            case .failure(let error): failures.append(error)
            }
        }
        let cluster = SeaweedCluster(regions: regions, directory: root, ownsDirectory: directory == nil)
        if !failures.isEmpty {
            await cluster.stop()
            throw SeaweedError(failures.map(\.message).joined(separator: "\n"))
        }
        return cluster
    }

    /// The region called `name`, if any.
    package func region(_ name: String) -> SeaweedRegion? {
        regions.first { $0.name == name }
    }

    /// Stops every region (SIGTERM, then SIGKILL) and removes the run directory it created.
    package func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for region in regions {
                group.addTask { await region.stop() }
            }
        }
        if ownsDirectory {
            try? FileManager.default.removeItem(at: directory)
        } else {
            for region in regions { try? FileManager.default.removeItem(at: region.dataDirectory) }
        }
        SeaweedProcessRegistry.shared.unregisterDirectory(directory)
    }
}
