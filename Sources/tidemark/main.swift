import NIOCore
import NIOPosix
import TidemarkCLI

// The collector's requests would otherwise hop between NIO's event loops and
// Swift's cooperative pool several times each; running tasks on the event
// loops removes those thread switches (single-event beacons: BENCHMARKS.md).
// Safe here because nothing in Tidemark blocks a task: file, curl and fsync
// work runs on threads of its own. Only for `collect`, the one long-lived
// server, and before any task starts.
if CommandLine.arguments.dropFirst().first(where: { !$0.hasPrefix("-") }) == "collect" {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
await TidemarkCommand.start()
