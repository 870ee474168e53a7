import Testing
@testable import TidemarkReports

/// The encoder behind the manifests: key order as encoded, `jq .` layout,
/// and a thrown error naming the path for what the formats never hold.
@Suite struct JSONNodeEncoderTests {
    struct Row: Encodable {
        var zeta = "z\"/é"
        var alpha = [1, 2]
        var nested = ["only": true]
        var empty: [Int] = []
        var absent: String? = nil
    }

    struct Float: Encodable {
        var rows = [["a": 1.5]]
    }

    struct Null: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeNil(forKey: .gone)
        }
        enum CodingKeys: String, CodingKey { case gone }
    }

    @Test func keepsTheEncodedKeyOrderAndPrintsLikeJq() {
        #expect(JSONNodeEncoder.prettyText(Row()) == """
            {
              "zeta": "z\\"/é",
              "alpha": [
                1,
                2
              ],
              "nested": {
                "only": true
              },
              "empty": []
            }

            """)
    }

    @Test func refusesFloatsAndNullNamingThePath() {
        let float = #expect(throws: EncodingError.self) { try JSONNodeEncoder.node(Float()) }
        if case .invalidValue(_, let ctx) = float {
            #expect(ctx.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["rows", "0", "a"])
        } else {
            Issue.record("no invalidValue: \(String(describing: float))")
        }
        #expect(throws: EncodingError.self) { try JSONNodeEncoder.node(Null()) }
        #expect(JSONNodeEncoder.prettyText(Null()) == "{}\n")
    }
}
