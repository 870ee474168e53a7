import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Extracts `Code` and `Message` from an S3 XML error body (`<Error><Code>NoSuchKey</Code>…`).
final class S3ErrorBodyParser: NSObject, XMLParserDelegate {
    /// The fields of an error body; both nil when the body is empty or not S3 error XML.
    struct Fields {
        /// S3 error code ("SignatureDoesNotMatch").
        var code: String?
        /// Human-readable message.
        var message: String?
    }

    private var fields = Fields()
    private var path: [String] = []
    private var text = ""

    /// Parses `body`; never fails, unknown or broken bodies give empty fields.
    static func parse(_ body: [UInt8]) -> Fields {
        guard !body.isEmpty else { return Fields() }
        let delegate = S3ErrorBodyParser()
        let parser = XMLParser(data: Data(body))
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.fields
    }

    /// Starts collecting text for a new element.
    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        path.append(elementName)
        text = ""
    }

    /// Accumulates (entity-decoded) character data.
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    /// Stores `Error/Code` and `Error/Message`.
    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        if path.count == 2, path[0] == "Error" {
            switch elementName {
            case "Code": fields.code = text
            case "Message": fields.message = text
            default: break
            }
        }
        path.removeLast()
        text = ""
    }
}
