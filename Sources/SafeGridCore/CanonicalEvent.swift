/// An event together with the bytes of its ``HazardEvent/canonicalForm``: what a bundle
/// carries, read once and handed to a store that chains these bytes instead of encoding the
/// event again.
public struct CanonicalEvent: Sendable, Hashable {
    /// The event.
    public let event: HazardEvent
    /// Exactly `event.canonicalForm`.
    public let canonicalForm: [UInt8]

    /// An event and its encoding.
    public init(_ event: HazardEvent) {
        self.event = event
        canonicalForm = event.canonicalForm
    }

    /// Reads an event from bytes that must be its canonical form, byte for byte: the event's
    /// hash in every store is the hash of these bytes.
    /// - Throws: ``SafeGridError`` `store-failure` when the bytes are not an event, or are one
    ///   written some other way (another key order, spacing or escaping).
    public init(canonicalForm bytes: ArraySlice<UInt8>) throws(SafeGridError) {
        // Concrete bytes, not a generic collection: compared byte by byte across modules, a
        // generic one cost more than reading the event.
        let event = try HazardEvent(canonicalForm: bytes)
        let encoded = event.canonicalForm
        guard encoded[...] == bytes else {
            throw SafeGridError.storeFailure("event \(event.id) is not in its canonical form")
        }
        self.event = event
        canonicalForm = encoded
    }
}
