public import SafeGridCore

extension SafeGridEngine {
    /// The venue kinds and tags this store accepts: the built-in ones
    /// (`VenueVocabulary/builtin`) and those it adds (`safegrid config set venue-kinds`,
    /// `venue-tags`). An added term that the built-in vocabulary has come to know as well (a
    /// newer SafeGrid) is left to the built-in one, so a store's setting never stops venues
    /// from being imported.
    public func venueVocabulary() throws -> VenueVocabulary {
        let settings = try settings()
        var vocabulary = VenueVocabulary.builtin
        for field in VenueVocabulary.Field.allCases {
            guard let text = settings[StoreSettingKey.vocabulary(field)],
                  let terms = try? VenueVocabulary.parseTerms(text, field)
            else { continue }
            for term in terms where term.names.allSatisfy({ vocabulary.lookUp($0, field) == nil }) {
                vocabulary = try vocabulary.adding([term], to: field)
            }
        }
        return vocabulary
    }
}
