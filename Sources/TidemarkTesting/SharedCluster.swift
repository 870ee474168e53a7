/// One lazily started three-region cluster per test process, shared by every non-destructive test
/// (each test uses its own bucket names). Its servers are killed at process exit.
package func sharedCluster() async throws(SeaweedError) -> SeaweedCluster {
    try await SharedClusterHolder.shared.cluster()
}

/// Starts the shared cluster once; a failed start is retried by the next caller.
actor SharedClusterHolder {
    /// The process-wide holder.
    static let shared = SharedClusterHolder()

    private var starting: Task<Result<SeaweedCluster, SeaweedError>, Never>?

    /// The shared cluster, starting it on first use.
    func cluster() async throws(SeaweedError) -> SeaweedCluster {
        let task: Task<Result<SeaweedCluster, SeaweedError>, Never>
        if let starting {
            task = starting
        } else {
            task = Task {
                do throws(SeaweedError) {
                    return .success(try await SeaweedCluster.start())
                } catch {
                    return .failure(error)
                }
            }
            starting = task
        }
        let result = await task.value
        if case .failure = result { starting = nil }
        return try result.get()
    }
}
