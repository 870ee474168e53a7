import Foundation

/// Entry point: picks the benchmark and parses `--name value` options.
enum BenchMain {
    static func run(_ args: [String]) async {
        guard let which = args.first else {
            fail("usage: tidemark-bench upload [--segments N] [--kib K] | report [--events N] [--dir D] | soak [--minutes M] [--seed S] | spool [--segments N] | catchup [--segments N] [--sites N] [--steady S] [--binaries label=path,…] | period [--days N] [--per-day N] [--from D] [--only-report 1] | partial [--dir D]")
        }
        var options: [String: String] = [:]
        var i = 1
        while i + 1 < args.count, args[i].hasPrefix("--") {
            options[String(args[i].dropFirst(2))] = args[i + 1]
            i += 2
        }
        do {
            switch which {
            case "upload": try await UploadBench.run(options)
            case "report": try await ReportBench.run(options)
            case "soak": try await SoakBench.run(options)
            case "parse": try await ParseBench.run(options)
            case "spool": try await SpoolBench.run(options)
            case "catchup": try await CatchupBench.run(options)
            case "period": try await PeriodBench.run(options)
            case "partial": try await PartialCostBench.run(options)
            default: fail("unknown benchmark \(which)")
            }
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("tidemark-bench: " + message + "\n").utf8))
        exit(1)
    }

    static func int(_ options: [String: String], _ name: String, _ fallback: Int) -> Int {
        options[name].flatMap(Int.init) ?? fallback
    }
}

/// Wall-clock timing.
struct Stopwatch {
    let start = ContinuousClock.now

    var seconds: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
