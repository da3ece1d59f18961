public import Foundation

/// An interactive inspection walk that has not been recorded yet, as the store keeps it: the
/// answers given so far, saved as each one is given so that a closed lid or a killed terminal
/// loses nothing (`safegrid inspect --resume`).
///
/// The store keeps the walk's state as the engine wrote it (`body`) and the few fields a list of
/// open drafts shows; it never reads the body. The draft is removed in the transaction that
/// records its inspection.
public struct WalkDraftRecord: Sendable, Hashable {
    /// The draft's id (`W-` and ten Crockford base-32 characters).
    public var id: String
    /// The venue being inspected.
    public var venueID: String
    /// The checklist walked.
    public var checklistID: String
    /// Its version.
    public var checklistVersion: String
    /// How many applicable items have an answer.
    public var answered: Int
    /// How many items apply to the venue.
    public var total: Int
    /// When the walk started.
    public var startedAt: Date
    /// When an answer was last given.
    public var updatedAt: Date
    /// The walk's state, encoded by the engine (JSON).
    public var body: String

    /// Creates a record.
    public init(
        id: String, venueID: String, checklistID: String, checklistVersion: String, answered: Int, total: Int,
        startedAt: Date, updatedAt: Date, body: String
    ) {
        self.id = id
        self.venueID = venueID
        self.checklistID = checklistID
        self.checklistVersion = checklistVersion
        self.answered = answered
        self.total = total
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.body = body
    }
}
