extension RegionSet {
    /// Each of `keys` read from the first region with a good copy and decoded
    /// by `decode(bytes, key, region)`, in order; and, as `StateError`s, the
    /// keys no region could serve and those that do not decode. Fails
    /// closed: an unreadable state object is reported, never dropped.
    package func readStates<T>(
        _ keys: [String], _ decode: (_ bytes: [UInt8], _ key: String, _ region: String) throws -> T
    ) async -> (values: [T], unreadable: [StateError]) {
        var values: [T] = []
        var unreadable: [StateError] = []
        for key in keys {
            let object: VerifiedObject
            do {
                object = try await readVerified(key)
            } catch {
                unreadable.append(.unreadable(key: key, detail: "\(error)"))
                continue
            }
            do {
                values.append(try decode(object.bytes, key, object.region))
            } catch let error as StateError {
                unreadable.append(error)
            } catch {
                unreadable.append(.unreadable(key: key, detail: "\(error)"))
            }
        }
        return (values, unreadable)
    }
}
