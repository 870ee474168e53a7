import Testing
import TidemarkCollector

/// The journal's writer closes a file by itself once a commit brings it to
/// `collector.seal_bytes`, so a file stays bounded however long the
/// shipper's seal (which rotates by age between seals) takes.
@Suite("Journal: files are closed at their size limit by the writer")
struct JournalRotationTests {
    @Test("five 30-byte commits", arguments: [
        (rotateAt: Int.max, closed: 0, current: 150),
        (rotateAt: 100, closed: 1, current: 30),
        (rotateAt: 60, closed: 2, current: 30),
        (rotateAt: 30, closed: 5, current: 0),
    ])
    func rotation(rotateAt: Int, closed: Int, current: Int) async throws {
        let dir = try TempDir("journal")
        defer { dir.cleanup() }
        let journal = try Journal(directory: dir.path + "/journal", rotateAtBytes: rotateAt)
        let line = Array(String(repeating: "x", count: 29).utf8) + [0x0A]
        for _ in 0..<5 { try await journal.append(line, events: 1) }
        #expect(journal.closedFiles().count == closed)
        #expect(journal.snapshot().currentBytes == current)
        #expect(journal.snapshot().appends == 5)
        await journal.close()
        #expect(journal.closedFiles().count == closed + (current > 0 ? 1 : 0))
    }
}
