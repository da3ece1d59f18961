public import SafeGridCore

extension SafeGridEngine {
    /// The venue kinds and tags this store accepts: the built-in ones
    /// (``VenueVocabulary/builtin``) and those the store adds.
    public func venueVocabulary() throws -> VenueVocabulary {
        .builtin
    }
}
