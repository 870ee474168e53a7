import Logging
import TidemarkIngest

/// Reads the lines of one input file of `ingest`, deciding which access-log
/// layout its log lines are in (SPEC §6: a file whose lines do not fit the
/// chosen format is refused or reported with a count, never silently turned
/// into wrong events).
///
/// The first ``sampleSize`` log lines (with `--format auto`: the first
/// lines of either kind) are held back and parsed: the layout most of them
/// are in is the file's (or the one `--format` forces). When fewer than half
/// of them fit it (with `--format auto`: fewer than half are JSON events or
/// log lines in that layout), the file is refused, none of it is taken.
/// Otherwise every log line in that layout is taken and every other one is
/// reported as FILE:LINE and counted.
struct IngestFileDecoder {
    /// What one line became, with the bytes it was read from.
    typealias Sink = (_ number: Int, _ decoded: IngestLineDecoder.Decoded, _ line: UnsafeRawBufferPointer) throws -> Void

    /// Log lines parsed before the layout is decided.
    static let sampleSize = 100

    /// The file's name as given.
    let file: String
    /// Per-line decoding.
    let decoder: IngestLineDecoder

    private var sample: [(number: Int, bytes: [UInt8], json: Bool)] = []
    private var decided = false
    /// The layout chosen for the file's log lines, once decided.
    private(set) var chosen: AccessLogFormat?
    /// True when the file's log lines were refused.
    private(set) var refused = false
    private var refusal = ""
    private var taken = 0
    private var withExtraFields = 0
    private var misfits = 0
    private var firstMisfit = ""
    private var logLines = 0
    private var jsonLines = 0

    init(file: String, decoder: IngestLineDecoder) {
        self.file = file
        self.decoder = decoder
    }

    /// Reads line `number`; hands what it became to `sink` now or later.
    mutating func read(number: Int, line: UnsafeRawBufferPointer, _ sink: Sink) throws {
        switch decoder.kind(of: line) {
        case .blank:
            try sink(number, .blank, line)
        case .json:
            jsonLines += 1
            if refused { return }
            if decided || decoder.format != .auto {
                try sink(number, decoder.decodeJSON(number: number, line: line), line)
            } else {
                sample.append((number, Array(line), true))
                if sample.count >= Self.sampleSize { try decide(sink) }
            }
        case .log:
            logLines += 1
            if decided {
                try decodeLog(number: number, line: line, sink)
            } else {
                sample.append((number, Array(line), false))
                if sample.count >= Self.sampleSize { try decide(sink) }
            }
        }
    }

    /// What to log about a file once it is read.
    struct Note {
        /// `notice` for the layout it was read as, `warning` for skipped
        /// lines, `error` for a refusal.
        var level: Logger.Level
        var text: String
    }

    /// Ends the file: decides on a short sample and returns what to log
    /// about it (its layout, how many lines did not fit, or why it was
    /// refused).
    mutating func finish(_ sink: Sink) throws -> [Note] {
        if !decided { try decide(sink) }
        if refused {
            let kind = decoder.format == .auto ? "" : "access-log "
            let lines = decoder.format == .auto ? logLines + jsonLines : logLines
            return [Note(level: .error, text: "\(file): refused: \(refusal); none of its \(lines) \(kind)line(s) was imported")]
        }
        guard logLines > 0 else { return [] }
        var notes: [Note] = []
        if let chosen {
            notes.append(Note(level: .notice, text: "\(file): read as \(chosen.title): \(taken) line(s)"
                + (withExtraFields > 0 ? ", \(withExtraFields) with extra fields after the user agent (ignored)" : "")))
        }
        if misfits > 0 {
            let layout = chosen.map { "not in \($0.title)" } ?? "in no recognised access-log layout"
            notes.append(Note(
                level: .warning,
                text: "\(file): \(misfits) of \(logLines) access-log line(s) \(layout) were skipped; first: \(firstMisfit)"))
        }
        return notes
    }

    private mutating func decide(_ sink: Sink) throws {
        decided = true
        var counts: [AccessLogFormat: Int] = [:]
        var formats: [(number: Int, result: Result<AccessLogFormat, IngestError>)] = []
        // JSON lines of the sample (--format auto), decoded once; events, skips and
        // lines of sites not configured fit the format, bad lines do not.
        var json: [Int: IngestLineDecoder.Decoded] = [:]
        var jsonFit = 0
        var firstBadJSON = ""
        for (number, bytes, isJSON) in sample {
            if isJSON {
                let decoded = bytes.withUnsafeBytes { decoder.decodeJSON(number: number, line: $0) }
                json[number] = decoded
                if case .invalid(let why) = decoded {
                    if firstBadJSON.isEmpty { firstBadJSON = "\(file):\(number): \(why)" }
                } else {
                    jsonFit += 1
                }
                continue
            }
            let result = bytes.withUnsafeBytes { AccessLogRecord.parse($0) }.map(\.format)
            if case .success(let format) = result { counts[format, default: 0] += 1 }
            formats.append((number, result))
        }
        let forced = decoder.format.forcedLogFormat
        let best = forced ?? counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }?.key
        let fit = best.map { counts[$0] ?? 0 } ?? 0
        if !sample.isEmpty, (fit + jsonFit) * 2 < sample.count {
            refused = true
            let found = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }
            var example = ""
            if !firstBadJSON.isEmpty { example = firstBadJSON }
            for (number, result) in formats where example.isEmpty {
                switch result {
                case .failure(let error): example = "\(file):\(number): \(error.detail)"
                case .success(let format) where format != best: example = "\(file):\(number): line is in \(format.rawValue)"
                case .success: continue
                }
                break
            }
            refusal =
                (json.isEmpty
                    ? "\(fit) of the first \(sample.count) access-log line(s) are in "
                    : "\(fit + jsonFit) of the first \(sample.count) line(s) are JSON events or access-log lines in ")
                + (forced.map(\.title) ?? "one recognised format")
                + (found.isEmpty ? "" : " (found: \(found.joined(separator: ", ")))")
                + (example.isEmpty ? "" : "; first that does not fit: \(example)")
            sample = []
            return
        }
        chosen = best
        let held = sample
        sample = []
        for (number, bytes, isJSON) in held {
            if isJSON, let decoded = json[number] {
                try bytes.withUnsafeBytes { try sink(number, decoded, $0) }
            } else {
                try bytes.withUnsafeBytes { try decodeLog(number: number, line: $0, sink) }
            }
        }
    }

    private mutating func decodeLog(number: Int, line: UnsafeRawBufferPointer, _ sink: Sink) throws {
        guard !refused else { return }
        let why: String
        switch AccessLogRecord.parse(line) {
        case .success(let record) where record.format == chosen:
            taken += 1
            if record.extraFields > 0 { withExtraFields += 1 }
            try sink(number, decoder.decodeLog(number: number, record: record, line: line), line)
            return
        case .success(let record):
            why = "line is in \(record.format.title), the file is read as \(chosen?.title ?? "nothing")"
        case .failure(let error):
            why = error.description
        }
        misfits += 1
        if firstMisfit.isEmpty { firstMisfit = "\(file):\(number): \(why)" }
        try sink(number, .invalid(why), line)
    }
}
