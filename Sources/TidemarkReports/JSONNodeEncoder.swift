/// An `Encoder` that turns a stored format's `Encodable` type into a
/// ``JSONNode``, object members in the order the type encodes them
/// (synthesised `encode(to:)` follows the `CodingKeys` order), so the type
/// alone fixes the bytes: ``JSONNode/prettyText`` prints them the way `jq .`
/// does, which Foundation's pretty `JSONEncoder` does not (`"key" : value`,
/// and no control over key order besides sorting).
///
/// It holds strings, booleans, integers that fit `Int`, objects and arrays;
/// `nil` and floating-point values throw `EncodingError.invalidValue`: the
/// formats it writes (`manifest.json`, the `window` of `report.json`) have
/// none, and a float's text would not be the same on every host.
struct JSONNodeEncoder {
    /// `value` as a node.
    ///
    /// - Throws: `EncodingError.invalidValue` for `nil`, floats and integers
    ///   beyond `Int`, naming the coding path; whatever `value` throws itself.
    static func node(_ value: some Encodable) throws -> JSONNode {
        let root = Slot()
        try root.put(value, codingPath: [])
        return root.node
    }

    /// `value` as a node, for the stored formats, which encode only strings,
    /// booleans and integers and so cannot fail here. Should a type ever
    /// encode something else, the node is `{}`: a document every reader and
    /// schema rejects, so what is written with it is rebuilt, never taken as
    /// unchanged.
    static func nodeOrEmpty(_ value: some Encodable) -> JSONNode {
        (try? node(value)) ?? .object([])
    }

    /// The pretty text of ``nodeOrEmpty(_:)``, ending in a newline.
    static func prettyText(_ value: some Encodable) -> String {
        nodeOrEmpty(value).prettyText
    }
}

/// One value being built: filled in by exactly one container or primitive.
private final class Slot {
    enum Content {
        case empty
        case value(JSONNode)
        case object([(String, Slot)])
        case array([Slot])
    }

    var content = Content.empty

    var node: JSONNode {
        switch content {
        case .empty: .object([])
        case .value(let node): node
        case .object(let members): .object(members.map { ($0.0, $0.1.node) })
        case .array(let items): .array(items.map(\.node))
        }
    }

    /// The slot of member `key`, replacing one encoded before under that key.
    func member(_ key: String) -> Slot {
        var members: [(String, Slot)] = []
        if case .object(let m) = content { members = m }
        let slot = Slot()
        if let i = members.firstIndex(where: { $0.0 == key }) {
            members[i].1 = slot
        } else {
            members.append((key, slot))
        }
        content = .object(members)
        return slot
    }

    /// The slot of a new last element.
    func append() -> Slot {
        var items: [Slot] = []
        if case .array(let a) = content { items = a }
        let slot = Slot()
        items.append(slot)
        content = .array(items)
        return slot
    }

    var count: Int {
        if case .array(let a) = content { return a.count }
        return 0
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func put<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let s = value as? String {
            content = .value(.string(s))
        } else if let b = value as? Bool {
            content = .value(.bool(b))
        } else if let i = value as? any BinaryInteger {
            guard let v = Int(exactly: i) else { throw Self.invalid(value, codingPath, "an integer beyond Int") }
            content = .value(.int(v))
        } else if value is any BinaryFloatingPoint {
            throw Self.invalid(value, codingPath, "a floating-point number")
        } else {
            try value.encode(to: NodeEncoder(slot: self, codingPath: codingPath))
        }
    }

    static func invalid(_ value: Any, _ codingPath: [any CodingKey], _ what: String) -> EncodingError {
        EncodingError.invalidValue(
            value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(what) has no place in this format"))
    }
}

/// A position in the document, as an index key for array elements.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct NodeEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(ObjectContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return ArrayContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ValueContainer(slot: slot, codingPath: codingPath)
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        throw Slot.invalid(Optional<Int>.none as Any, codingPath + [key], "null")
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try slot.member(key.stringValue).put(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(slot: slot.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct ArrayContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.count }

    mutating func encodeNil() throws {
        throw Slot.invalid(Optional<Int>.none as Any, codingPath + [IndexKey(count)], "null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try slot.append().put(value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(slot: slot.append(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(slot: slot.append(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(slot: slot.append(), codingPath: path)
    }
}

private struct ValueContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        throw Slot.invalid(Optional<Int>.none as Any, codingPath, "null")
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try slot.put(value, codingPath: codingPath)
    }
}
