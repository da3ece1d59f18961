public import Foundation

/// A venue's safety file (平安档案) as of a moment (`safegrid venue show`): its facts, the areas
/// and people responsible on both lines, its colour and why, every inspection with its score,
/// every hazard with its history, its notices and re-inspection records, and when it is next due
/// for inspection.
public struct VenueFile: Sendable, Hashable, Codable {
    /// One inspection of the venue.
    public struct InspectionEntry: Sendable, Hashable, Codable {
        /// The inspection.
        public var id: String
        /// When it happened.
        public var at: Date
        /// The checklist.
        public var checklistID: String
        /// The checklist's version.
        public var checklistVersion: String
        /// The checklist's title, when that version is stored.
        public var checklistTitle: LocalizedText?
        /// Who inspected.
        public var inspectors: [String]
        /// How it came about.
        public var source: InspectionSource
        /// Its weighted score out of 100 (``Inspection/score(weights:)``).
        public var score: Double?
        /// How many items failed.
        public var failed: Int

        /// Creates an entry.
        public init(
            id: String, at: Date, checklistID: String, checklistVersion: String, checklistTitle: LocalizedText?, inspectors: [String],
            source: InspectionSource, score: Double?, failed: Int
        ) {
            self.id = id
            self.at = at
            self.checklistID = checklistID
            self.checklistVersion = checklistVersion
            self.checklistTitle = checklistTitle
            self.inspectors = inspectors
            self.source = source
            self.score = score
            self.failed = failed
        }
    }

    /// One hazard of the venue, as it stood at the moment, with its events up to then.
    public struct HazardEntry: Sendable, Hashable, Codable {
        /// The hazard.
        public var state: HazardState
        /// Its events up to the moment, in time order.
        public var events: [HazardEvent]
        /// The earlier hazard it recurs (反弹): the same item closed out within 90 days before it
        /// was found.
        public var recurrenceOf: String?

        /// Creates an entry.
        public init(state: HazardState, events: [HazardEvent], recurrenceOf: String?) {
            self.state = state
            self.events = events
            self.recurrenceOf = recurrenceOf
        }
    }

    /// A numbered document issued to the venue: a rectification notice or a re-inspection record.
    public struct DocumentEntry: Sendable, Hashable, Codable {
        /// Its number (`ST1整改字〔2026〕第001号`).
        public var number: String
        /// When it was issued.
        public var issuedAt: Date
        /// The hazards it is about.
        public var hazardIDs: [String]

        /// Creates an entry.
        public init(number: String, issuedAt: Date, hazardIDs: [String]) {
            self.number = number
            self.issuedAt = issuedAt
            self.hazardIDs = hazardIDs
        }
    }

    /// The moment the file is for.
    public var asOf: Date
    /// The venue.
    public var venue: Venue
    /// Its grid, with the people recorded on it (`nil` if not stored).
    public var grid: Area?
    /// Its police grid, likewise.
    public var policeGrid: Area?
    /// Its colour and why.
    public var rating: VenueRating
    /// What the rule does, in a sentence.
    public var ruleSummary: LocalizedText
    /// Every inspection by then, in time order.
    public var inspections: [InspectionEntry]
    /// Every hazard found by then, in the order found.
    public var hazards: [HazardEntry]
    /// The rectification notices issued to it by then, in the order issued.
    public var notices: [DocumentEntry]
    /// The re-inspection records issued to it by then, in the order issued.
    public var reinspectionRecords: [DocumentEntry]
    /// How often a venue of its colour is inspected, in days (``InspectionFrequency``).
    public var frequencyDays: Int
    /// The day it is next due for inspection: its last inspection's day plus ``frequencyDays``,
    /// or the day of the moment when it was never inspected.
    public var nextInspectionDue: CivilDate

    /// Creates a file.
    public init(
        asOf: Date, venue: Venue, grid: Area?, policeGrid: Area?, rating: VenueRating, ruleSummary: LocalizedText,
        inspections: [InspectionEntry], hazards: [HazardEntry], notices: [DocumentEntry], reinspectionRecords: [DocumentEntry],
        frequencyDays: Int, nextInspectionDue: CivilDate
    ) {
        self.asOf = asOf
        self.venue = venue
        self.grid = grid
        self.policeGrid = policeGrid
        self.rating = rating
        self.ruleSummary = ruleSummary
        self.inspections = inspections
        self.hazards = hazards
        self.notices = notices
        self.reinspectionRecords = reinspectionRecords
        self.frequencyDays = frequencyDays
        self.nextInspectionDue = nextInspectionDue
    }
}

/// How often a venue is inspected, by colour, in days: by default red every 7, yellow every 14,
/// green every 30 (set per store: `inspection-frequency red=7,yellow=14,green=30`).
public struct InspectionFrequency: Sendable, Hashable, Codable {
    /// Days between inspections, by colour.
    public var days: [VenueColour: Int]

    /// The default: red 7, yellow 14, green 30.
    public static let standard = InspectionFrequency(days: [.red: 7, .yellow: 14, .green: 30])

    /// Creates a frequency; a colour left out takes the standard days.
    public init(days: [VenueColour: Int]) {
        self.days = days
    }

    /// Days between inspections for a venue of `colour`.
    public func days(for colour: VenueColour) -> Int {
        days[colour] ?? Self.standard.days[colour] ?? 30
    }

    /// Reads `red=7,yellow=14,green=30` (any of the three, each 1 to 366 days).
    /// - Throws: `SafeGridError` `invalid-input` saying what it takes.
    public init(parsing text: String) throws {
        var days: [VenueColour: Int] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let colour = VenueColour(rawValue: pair[0].lowercased()), days[colour] == nil,
                  let count = Int(pair[1]), (1...366).contains(count)
            else {
                throw SafeGridError.invalidInput(
                    "inspection-frequency takes days per colour, each 1 to 366, as red=7,yellow=14,green=30; not '\(text)'",
                    chinese: "inspection-frequency 须按颜色写天数（1 到 366），如 red=7,yellow=14,green=30；'\(text)' 不符合",
                    context: ["key": "inspection-frequency"])
            }
            days[colour] = count
        }
        guard !days.isEmpty else { throw SafeGridError.invalidInput(
            "inspection-frequency takes days per colour, as red=7,yellow=14,green=30",
            chinese: "inspection-frequency 须按颜色写天数，如 red=7,yellow=14,green=30", context: ["key": "inspection-frequency"]) }
        self.days = days
    }

    /// The written form, every colour in order: `red=7,yellow=14,green=30`.
    public var text: String {
        VenueColour.allCases.map { "\($0.rawValue)=\(days(for: $0))" }.joined(separator: ",")
    }
}
