import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a ListObjectsV2 `ListBucketResult` document with `XMLParser` (keys and ETags entity-decoded).
final class S3ListParser: NSObject, XMLParserDelegate {
    private var objects: [S3ListEntry] = []
    private var commonPrefixes: [String] = []
    private var nextContinuationToken: String?
    private var isTruncated = false
    private var sawRoot = false
    private var invalidEntry = false
    private var path: [String] = []
    private var text = ""
    private var key: String?
    private var size: Int?
    private var etag = ""

    /// Parses `body`; nil when it is not a well-formed `ListBucketResult`.
    static func parse(_ body: [UInt8]) -> S3ListPage? {
        let delegate = S3ListParser()
        let parser = XMLParser(data: Data(body))
        parser.delegate = delegate
        guard parser.parse(), delegate.sawRoot, !delegate.invalidEntry else { return nil }
        return S3ListPage(
            objects: delegate.objects,
            commonPrefixes: delegate.commonPrefixes,
            nextContinuationToken: delegate.nextContinuationToken,
            isTruncated: delegate.isTruncated
        )
    }

    /// Tracks the element path and resets per-entry state.
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        if path.isEmpty, elementName == "ListBucketResult" { sawRoot = true }
        path.append(elementName)
        text = ""
        if path.count == 2, elementName == "Contents" {
            key = nil
            size = nil
            etag = ""
        }
    }

    /// Accumulates (entity-decoded) character data; it may arrive in several pieces.
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    /// Stores the finished element's text in the field its path names.
    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        switch (path.count, path.count >= 2 ? path[1] : "", elementName) {
        case (2, _, "NextContinuationToken"): nextContinuationToken = text.isEmpty ? nil : text
        case (2, _, "IsTruncated"): isTruncated = text == "true"
        case (3, "Contents", "Key"): key = text
        case (3, "Contents", "Size"): size = Int(text)
        case (3, "Contents", "ETag"): etag = unquotedETag(text)
        case (3, "CommonPrefixes", "Prefix"): commonPrefixes.append(text)
        case (2, _, "Contents"):
            if let key, let size {
                objects.append(S3ListEntry(key: key, size: size, etag: etag))
            } else {
                invalidEntry = true
            }
        default: break
        }
        path.removeLast()
        text = ""
    }
}
