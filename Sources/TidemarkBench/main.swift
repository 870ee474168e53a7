import Foundation

// `swift run -c release tidemark-bench <upload|report> [options]`; see BENCHMARKS.md.
await BenchMain.run(Array(CommandLine.arguments.dropFirst()))
