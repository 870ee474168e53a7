import Foundation
import Synchronization

/// PIDs of the `weed` processes this test process started, killed by an `atexit` hook so no server
/// outlives the tests; each also has a file in `.tidemark-test/pids/` for wrapper scripts.
final class SeaweedProcessRegistry: Sendable {
    /// The process-wide registry.
    static let shared = SeaweedProcessRegistry()

    private struct State {
        var pids: [Int32: URL?] = [:]
        var directories: Set<URL> = []
        var hookInstalled = false
    }

    private let state = Mutex(State())

    /// Records a started server and writes its pid file.
    func register(pid: Int32, description: String) {
        let file = try? TestDirectories.pidDirectory().appendingPathComponent(String(pid))
        if let file {
            try? Data((description + "\n").utf8).write(to: file)
        }
        let installHook = state.withLock { state in
            state.pids[pid] = file
            defer { state.hookInstalled = true }
            return !state.hookInstalled
        }
        if installHook {
            atexit { SeaweedProcessRegistry.shared.killAll() }
        }
    }

    /// Forgets a server that has exited and removes its pid file.
    func unregister(pid: Int32) {
        let file = state.withLock { state in state.pids.removeValue(forKey: pid) }
        if let file, let file {
            try? FileManager.default.removeItem(at: file)
        }
    }

    /// Records a directory to remove at exit if its owner is never stopped.
    func registerDirectory(_ directory: URL) {
        state.withLock { state in _ = state.directories.insert(directory) }
    }

    /// Forgets a directory its owner removed.
    func unregisterDirectory(_ directory: URL) {
        state.withLock { state in _ = state.directories.remove(directory) }
    }

    /// SIGKILLs every registered server and removes pid files and directories (the `atexit` hook).
    func killAll() {
        let (pids, directories) = state.withLock { state in
            defer {
                state.pids = [:]
                state.directories = []
            }
            return (state.pids, state.directories)
        }
        for (pid, file) in pids {
            kill(pid, SIGKILL)
            if let file { try? FileManager.default.removeItem(at: file) }
        }
        if !pids.isEmpty { usleep(200_000) }
        for directory in directories {
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
